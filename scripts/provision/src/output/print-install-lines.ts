/** The human summary on stdout: how to add each server to Claude Code and to mcpServers clients. */
import type { InstallLines } from "./install-lines.js";
import type { TextSink } from "./step-printer.js";

export function printInstallLines(
  out: TextSink,
  lines: InstallLines[],
  configPath: string,
  isDefaultPath: boolean,
): void {
  out.write(`Team config file: ${configPath}\n`);
  out.write(
    isDefaultPath
      ? "(servers on this machine read it by default; teammates copy it to the same place or use the lines below)\n\n"
      : `(servers read it with ENTRA_MCP_CONFIG=${configPath}; or use the lines below, which need no file)\n\n`,
  );
  const windows = lines[0]?.platform === "win32";
  for (const line of lines) {
    out.write(
      `# ${line.server} — Claude Code${windows ? " (PowerShell or cmd)" : ""}:\n${line.claudeCode}\n`,
    );
    for (const note of line.notes) out.write(`# note: ${note}\n`);
    out.write("\n");
  }
  const desktop = {
    mcpServers: Object.assign({}, ...lines.map((line) => line.claudeDesktop.mcpServers)),
  };
  out.write(
    `# Claude Desktop (claude_desktop_config.json) and other "mcpServers" clients:\n${JSON.stringify(desktop, null, 2)}\n`,
  );
  out.write(
    windows
      ? "\n# These lines are for native Windows (npx through cmd /c); for macOS and Linux add --platform linux.\n"
      : "\n# These lines are for macOS and Linux; for native Windows (npx through cmd /c) add --platform win32.\n",
  );
}
