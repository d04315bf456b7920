/**
 * Four server processes of one user refreshing at once on one persistent cache: no entry may be lost
 * and the data must stay valid (the msal-node-extensions lock loses 13-47% here, notes/platform.md).
 * Runs on the plaintext opt-in everywhere and on the real Secret Service when CI provides one.
 */
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuth, loadAuthConfig } from "../../src/index.js";
import { runWorker } from "../support/run-worker.js";
import { startTestEmulator, type TestEmulator } from "../support/test-emulator.js";

const SCOPES = [
  "https://graph.microsoft.com/.default",
  "https://analysis.windows.net/powerbi/api/.default",
  "https://api.fabric.microsoft.com/.default",
  "https://api.powerplatform.com/.default",
];
const browserCli = createRequire(import.meta.url).resolve("@entra-mcp/emulator/browser-cli");
const secretService = process.env.ENTRA_MCP_TEST_SECRET_SERVICE === "1";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.emulator.stop());

describe.each([
  ["plaintext opt-in", { ENTRA_MCP_CACHE_PLAINTEXT: "true" }, true],
  ["libsecret (Secret Service)", { ENTRA_MCP_CACHE_PLAINTEXT: undefined }, secretService],
])("4 processes on one %s cache", (_name, cacheEnv, enabled) => {
  it.runIf(enabled)("refresh at once and lose no entry", async () => {
    const env = t.env({
      ENTRA_MCP_AUTH_MODE: "delegated",
      ENTRA_MCP_BROWSER: `"${process.execPath}" "${browserCli}"`,
      ...cacheEnv,
    });
    // One interactive sign-in puts a refresh token in the shared cache.
    await createAuth(loadAuthConfig(env), { signInTimeoutMs: 20_000 }).getToken([
      "https://graph.microsoft.com/User.Read",
    ]);

    t.emulator.clearRequests();
    const runs = await Promise.all(SCOPES.map((scope) => runWorker(env, [scope])));
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    expect(t.emulator.requests().filter((r) => r.grantType === "refresh_token")).toHaveLength(4);
    const persisted = runs.map(
      (run) => JSON.parse(run.stdout.trim()) as { cache: { persistent: boolean; encryption: string } },
    );
    for (const report of persisted)
      expect(report.cache).toMatchObject({
        persistent: true,
        encryption: enabled && !cacheEnv.ENTRA_MCP_CACHE_PLAINTEXT ? "libsecret" : "plaintext",
      });

    // A fifth process finds all four tokens: zero token requests.
    t.emulator.clearRequests();
    const check = await runWorker(env, SCOPES);
    expect(check.code, check.stderr).toBe(0);
    expect(t.emulator.requests()).toHaveLength(0);
    const hashes = (JSON.parse(check.stdout.trim()) as { results: { sha256: string }[] }).results.map(
      (r) => r.sha256,
    );
    const workerHashes = runs.map(
      (run) => (JSON.parse(run.stdout.trim()) as { results: { sha256: string }[] }).results[0]?.sha256,
    );
    expect(hashes).toEqual(workerHashes);
  });
});

describe("app-only across processes", () => {
  it("a restarted process reuses the persisted app token: no Key Vault read, no token request", async () => {
    const env = t.env();
    const first = await runWorker(env, [SCOPES[0] as string]);
    expect(first.code, first.stderr).toBe(0);
    t.emulator.clearRequests();
    const second = await runWorker(env, [SCOPES[0] as string]);
    expect(second.code, second.stderr).toBe(0);
    expect(t.emulator.requests()).toHaveLength(0);
    expect(JSON.parse(second.stdout).results[0].sha256).toBe(JSON.parse(first.stdout).results[0].sha256);
  });
});
