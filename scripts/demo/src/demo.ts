/**
 * `pnpm demo`: the tour. Starts the emulator (a seeded tenant: app + certificate in Key Vault + consent
 * + a user + Power BI/Fabric workspaces + Dataverse environments), then
 *  1. a separate "server" process gets app-only and delegated tokens through auth-core and says who,
 *     what and which roles — configured only by environment, exactly as against Azure;
 *  2. each of the four MCP servers is spawned from its bin and called through the real MCP client;
 *  3. hosted (team) mode: one server over HTTP, two users signed in, each sees their own identity.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startEmulator } from "@entra-mcp/emulator";
import { runHostedTour } from "./hosted-tour.js";
import { binOf, runServerTour } from "./server-tour.js";

const emulator = await startEmulator();
const workDir = mkdtempSync(join(tmpdir(), "entra-mcp-demo-"));
const browserCli = createRequire(import.meta.url).resolve("@entra-mcp/emulator/browser-cli");
const client = fileURLToPath(new URL("./demo-client.js", import.meta.url));
const out = (line = "") => process.stdout.write(`${line}\n`);

const env: Record<string, string> = {
  PATH: process.env.PATH ?? "",
  HOME: process.env.HOME ?? workDir,
  ...(emulator.env as Record<string, string>),
  // Demo only: a throwaway cache folder, so the demo works on machines without a keyring. Every
  // process below shares it, as every server of one user shares the encrypted cache.
  ENTRA_MCP_CACHE_DIR: join(workDir, "cache"),
  ENTRA_MCP_CACHE_PLAINTEXT: "true",
  XDG_CONFIG_HOME: workDir,
  ENTRA_MCP_BROWSER: `"${process.execPath}" "${browserCli}"`,
};

function runClient(): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [client], {
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...env, ENTRA_MCP_DEMO_URLS: JSON.stringify(emulator.urls) },
    });
    child.once("error", reject);
    child.once("exit", resolve);
  });
}

try {
  const code = await runClient();
  const toured = code === 0 && (await runServerTour(env, out));
  const hosted = toured && (await runHostedTour(emulator, binOf("graph"), env, out));
  const origins = ["login", "vault", "graph", "powerbi", "fabric", "powerplatform", "dataverse"];
  const counts = origins.map(
    (origin) => `${emulator.requests().filter((r) => r.origin === origin).length} ${origin}`,
  );
  out(`\nEmulator saw ${counts.join(", ")} requests; the canary origin saw ${emulator.canaryHits().length}.`);
  process.exitCode = code === 0 && toured && hosted ? 0 : 1;
} finally {
  await emulator.stop();
  rmSync(workDir, { recursive: true, force: true });
}
