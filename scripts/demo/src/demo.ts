/**
 * `pnpm demo`: starts the emulator (a seeded tenant: app + certificate in Key Vault + consent + a user)
 * and runs a separate "server" process against it, exactly as an MCP server would run against Azure:
 * configured only by environment, trusting the emulator's CA through NODE_EXTRA_CA_CERTS.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startEmulator } from "@entra-mcp/emulator";

const emulator = await startEmulator();
const workDir = mkdtempSync(join(tmpdir(), "entra-mcp-demo-"));
const browserCli = createRequire(import.meta.url).resolve("@entra-mcp/emulator/browser-cli");
const client = fileURLToPath(new URL("./demo-client.js", import.meta.url));

try {
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [client], {
      stdio: ["ignore", "inherit", "inherit"],
      env: {
        ...process.env,
        ...emulator.env,
        // Demo only: a throwaway cache folder, so the demo works on machines without a keyring.
        ENTRA_MCP_CACHE_DIR: join(workDir, "cache"),
        ENTRA_MCP_CACHE_PLAINTEXT: "true",
        XDG_CONFIG_HOME: workDir,
        ENTRA_MCP_BROWSER: `"${process.execPath}" "${browserCli}"`,
        ENTRA_MCP_DEMO_URLS: JSON.stringify(emulator.urls),
      },
    });
    child.once("error", reject);
    child.once("exit", resolve);
  });
  const count = (origin: string) => emulator.requests().filter((request) => request.origin === origin).length;
  process.stdout.write(
    `\nEmulator saw ${count("login")} login, ${count("vault")} vault, ${count("graph")} graph requests.\n`,
  );
  process.exitCode = code ?? 1;
} finally {
  await emulator.stop();
  rmSync(workDir, { recursive: true, force: true });
}
