import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type CacheEmulator,
  runMsalWorkers,
  startCacheEmulator,
  storedAccessTokens,
} from "./fixtures/cache-emulator.js";
import type { CacheWorkerArgs } from "./fixtures/cache-worker.js";
import { RESOURCE_SCOPES } from "./fixtures/emulator-client.js";
import { runTogether } from "./fixtures/spawn-worker.js";

const WORKERS = 4;
const ROUNDS = 30;
/** Real MSAL: every worker requests each resource scope concurrently, this many times. */
const MSAL_ROUNDS = 3;
let dir: string;
let t: CacheEmulator;

beforeAll(async () => {
  t = await startCacheEmulator();
});

afterAll(() => t.emulator.stop());

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "entra-mcp-mp-"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe(`${WORKERS} processes on one plaintext cache`, () => {
  it(`lose no entries and leave valid JSON (fake serializable cache, ${ROUNDS} rounds each)`, async () => {
    await runTogether(
      "cache-worker.ts",
      Array.from(
        { length: WORKERS },
        (_, workerId): CacheWorkerArgs => ({
          mode: "fake",
          cacheDir: dir,
          name: "shared",
          plaintext: true,
          workerId,
          rounds: ROUNDS,
        }),
      ),
    );
    const text = await readFile(join(dir, "shared.cache.json"), "utf8");
    const entries = (JSON.parse(text) as { entries: Record<string, string> }).entries;
    const expected = Array.from(
      { length: WORKERS * ROUNDS },
      (_, i) => `w${Math.floor(i / ROUNDS)}-r${i % ROUNDS}`,
    ).sort();
    expect(Object.keys(entries).sort()).toEqual(expected);
    expect(await readdir(dir)).toEqual(["shared.cache.json"]); // no temp files, lockfile or .break left
  });

  it(`lose no access tokens through real MSAL against the emulator (${RESOURCE_SCOPES.length} scopes x ${MSAL_ROUNDS} rounds, concurrently)`, async () => {
    const run = await runMsalWorkers(
      t,
      { cacheDir: dir, name: "msal-app", plaintext: true },
      { workers: WORKERS, rounds: MSAL_ROUNDS },
    );
    // Every token came from the emulator: one request per worker, scope and round, none failed.
    expect(run.fromCache).toBe(0);
    expect(run.failedTokenRequests).toBe(0);
    expect(Object.keys(run.newest)).toHaveLength(WORKERS * RESOURCE_SCOPES.length);
    expect(run.tokenRequests).toEqual(
      Object.fromEntries(Object.keys(run.newest).map((key) => [key, MSAL_ROUNDS])),
    );
    // The cache holds every worker's entry for every scope (none lost), each with the newest token
    // its worker got (no writer put back an older copy from stale memory).
    const text = await readFile(join(dir, "msal-app.cache.json"), "utf8");
    expect(storedAccessTokens(text)).toEqual(run.newest);
    expect(await readdir(dir)).toEqual(["msal-app.cache.json"]);
  });
});
