/** The human summary on stdout: how to add each server to Claude Code and Claude Desktop. */
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
  for (const line of lines) {
    out.write(`# ${line.server} — Claude Code:\n${line.claudeCode}\n\n`);
  }
  const desktop = {
    mcpServers: Object.assign({}, ...lines.map((line) => line.claudeDesktop.mcpServers)),
  };
  out.write(`# Claude Desktop (claude_desktop_config.json):\n${JSON.stringify(desktop, null, 2)}\n`);
}
