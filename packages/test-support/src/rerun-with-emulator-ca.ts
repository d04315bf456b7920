/**
 * For scripts (benchmarks) that talk to the emulator in-process: NODE_EXTRA_CA_CERTS is read only at
 * process start, so the first run creates the emulator CA and runs the script again with it set.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureEmulatorCa } from "@entra-mcp/emulator";

/** Returns the CA dir when this process already trusts it; otherwise re-runs `scriptUrl` and exits with its status. */
export async function rerunWithEmulatorCa(scriptUrl: string): Promise<string> {
  const existing = process.env.ENTRA_MCP_EMULATOR_CA_DIR;
  if (existing) return existing;
  const caDir = mkdtempSync(join(tmpdir(), "entra-mcp-ca-"));
  const { caPath } = await ensureEmulatorCa(caDir);
  const child = spawnSync(process.execPath, [fileURLToPath(scriptUrl)], {
    stdio: "inherit",
    env: { ...process.env, NODE_EXTRA_CA_CERTS: caPath, ENTRA_MCP_EMULATOR_CA_DIR: caDir },
  });
  rmSync(caDir, { recursive: true, force: true });
  process.exit(child.status ?? 1);
}
