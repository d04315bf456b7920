/** Starts an emulator for one test file and builds the ENTRA_MCP_* environment for auth-core. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DefaultTenant, type Emulator, startEmulator } from "@entra-mcp/emulator";

export interface TestEmulator {
  emulator: Emulator<DefaultTenant>;
  /** A fresh cache folder per call, so tests do not share tokens unless they mean to. */
  newCacheDir(): string;
  /** The environment a server process would get, plus a private cache dir and config home. */
  env(extra?: Record<string, string | undefined>): NodeJS.ProcessEnv;
}

/** Starts a seeded emulator on the CA made by the global setup. */
export async function startTestEmulator(): Promise<TestEmulator> {
  const emulator = await startEmulator({ seed: "default", caDir: process.env.ENTRA_MCP_EMULATOR_CA_DIR });
  const home = mkdtempSync(join(tmpdir(), "entra-mcp-test-home-"));
  let counter = 0;
  const newCacheDir = () => join(home, `cache-${++counter}`);
  return {
    emulator,
    newCacheDir,
    env: (extra = {}) => ({
      ...emulator.env,
      XDG_CONFIG_HOME: home,
      ENTRA_MCP_CACHE_DIR: newCacheDir(),
      ENTRA_MCP_CACHE_PLAINTEXT: "true",
      ...extra,
    }),
  };
}

/** Copies the emulator's Azure login variables into this process, as a developer's shell would have. */
export function useTeammateLogin(emulator: Emulator<DefaultTenant>): void {
  for (const [name, value] of Object.entries(emulator.env)) {
    if (name.startsWith("AZURE_")) process.env[name] = value;
  }
}

/** Decodes a JWT's claims for assertions (tests only; the library never does this with tokens). */
export function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split(".")[1] ?? "";
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
}
