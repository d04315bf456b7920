/**
 * Runs once before the test workers start: creates the emulator's CA and points NODE_EXTRA_CA_CERTS
 * at it, so MSAL and the Azure SDK inside every worker (and every child process) trust the emulator
 * exactly as they would trust a real CA. Node reads that variable only at process start.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureEmulatorCa } from "@entra-mcp/emulator";

export default async function setup(): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), "entra-mcp-test-ca-"));
  const { caPath } = await ensureEmulatorCa(dir);
  process.env.NODE_EXTRA_CA_CERTS = caPath;
  process.env.ENTRA_MCP_EMULATOR_CA_DIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
