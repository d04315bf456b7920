/** Starts an emulator for one test file and builds the environment a spawned server gets. */
import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DefaultTenant, type Emulator, startEmulator } from "@entra-mcp/emulator";
import { expect } from "vitest";

export interface TestEmulator {
  emulator: Emulator<DefaultTenant>;
  /** App-only: the emulator's env plus a private cache dir and config home. */
  appEnv(extra?: Record<string, string>): NodeJS.ProcessEnv;
  /** Delegated: as appEnv, with the scripted browser completing the sign-in. */
  delegatedEnv(extra?: Record<string, string>): NodeJS.ProcessEnv;
  /**
   * Asserts the request log since the last clear: resource requests reached only the `audiences`
   * origins (by emulator origin name), each with that audience in its token; nothing reached the
   * canary; and the certificate was read from Key Vault exactly `vaultReads` times.
   */
  expectTraffic(audiences: Record<string, string>, vaultReads: number): void;
}

// The emulator's scripted browser: opens the authorize URL and posts the result to MSAL's listener.
const browserCli = createRequire(import.meta.url).resolve("@entra-mcp/emulator/browser-cli");

/** Starts a seeded emulator on the CA made by the global setup. */
export async function startTestEmulator(): Promise<TestEmulator> {
  const emulator = await startEmulator({ seed: "default", caDir: process.env.ENTRA_MCP_EMULATOR_CA_DIR });
  const home = mkdtempSync(join(tmpdir(), "entra-mcp-server-test-"));
  let counter = 0;
  const appEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: home,
    ...emulator.env,
    XDG_CONFIG_HOME: home,
    ENTRA_MCP_CACHE_DIR: join(home, `cache-${++counter}`),
    ENTRA_MCP_CACHE_PLAINTEXT: "true",
    ENTRA_MCP_AUTH_MODE: "app",
    ...extra,
  });
  const expectTraffic = (audiences: Record<string, string>, vaultReads: number) => {
    const resource = emulator.requests((entry) => entry.origin !== "login" && entry.origin !== "vault");
    expect(resource.length).toBeGreaterThan(0);
    for (const entry of resource) {
      expect(Object.keys(audiences), `${entry.method} ${entry.url}${entry.path}`).toContain(entry.origin);
      expect(entry.aud, `${entry.method} ${entry.url}${entry.path}`).toBe(audiences[entry.origin]);
      expect(entry.url).toBe((emulator.urls as unknown as Record<string, string>)[entry.origin]);
    }
    expect(emulator.canaryHits()).toEqual([]);
    // The Key Vault SDK opens with an unauthenticated challenge (401); count the reads that returned the secret.
    const reads = emulator.requests({ origin: "vault", method: "GET", path: "/secrets/", status: 200 });
    expect(reads).toHaveLength(vaultReads);
  };
  return {
    emulator,
    expectTraffic,
    appEnv,
    delegatedEnv: (extra = {}) =>
      appEnv({
        ENTRA_MCP_AUTH_MODE: "delegated",
        ENTRA_MCP_BROWSER: `"${process.execPath}" "${browserCli}"`,
        ...extra,
      }),
  };
}
