import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureEmulatorCa } from "../src/tls/emulator-ca.js";

let caDir: string | undefined;

/**
 * NODE_EXTRA_CA_CERTS is read once at process start, so it must be set here, before the
 * (forked) workers start; ENTRA_MCP_EMULATOR_CA_DIR makes every emulator sign with this CA.
 */
export async function setup(): Promise<void> {
  caDir = await mkdtemp(join(tmpdir(), "entra-mcp-emulator-ca-"));
  const { caPath } = await ensureEmulatorCa(caDir);
  process.env.NODE_EXTRA_CA_CERTS = caPath;
  process.env.ENTRA_MCP_EMULATOR_CA_DIR = caDir;
}

export async function teardown(): Promise<void> {
  if (caDir) await rm(caDir, { recursive: true, force: true });
}
