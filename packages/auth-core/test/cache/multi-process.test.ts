import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CacheWorkerArgs } from "./fixtures/cache-worker.js";
import { runTogether } from "./fixtures/spawn-worker.js";

const WORKERS = 4;
const ROUNDS = 30;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "entra-mcp-mp-"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function workerArgs(mode: CacheWorkerArgs["mode"], name: string): CacheWorkerArgs[] {
  return Array.from({ length: WORKERS }, (_, workerId) => ({
    mode,
    cacheDir: dir,
    name,
    plaintext: true,
    workerId,
    rounds: ROUNDS,
  }));
}

function expectedKeys(format: (workerId: number, round: number) => string): string[] {
  return Array.from({ length: WORKERS * ROUNDS }, (_, i) =>
    format(Math.floor(i / ROUNDS), i % ROUNDS),
  ).sort();
}

describe(`${WORKERS} processes x ${ROUNDS} rounds on one plaintext cache`, () => {
  it("lose no entries and leave valid JSON (fake serializable cache)", async () => {
    await runTogether("cache-worker.ts", workerArgs("fake", "shared"));
    const text = await readFile(join(dir, "shared.cache.json"), "utf8");
    const entries = (JSON.parse(text) as { entries: Record<string, string> }).entries;
    expect(Object.keys(entries).sort()).toEqual(expectedKeys((w, r) => `w${w}-r${r}`));
    expect(await readdir(dir)).toEqual(["shared.cache.json"]); // no temp files, lockfile or .break left
  });

  it("lose no access tokens through real MSAL (ConfidentialClientApplication, TokenCache merge)", async () => {
    const results = (await runTogether("cache-worker.ts", workerArgs("msal", "msal-app"))) as Array<{
      tokenRequests: number;
    }>;
    expect(results.map((result) => result.tokenRequests)).toEqual(Array(WORKERS).fill(ROUNDS));
    const cache = JSON.parse(await readFile(join(dir, "msal-app.cache.json"), "utf8")) as {
      AccessToken: Record<string, { target: string }>;
    };
    const targets = Object.values(cache.AccessToken).map((token) => token.target);
    expect(targets.sort()).toEqual(expectedKeys((w, r) => `api://w${w}-r${r}/.default`));
    expect(await readdir(dir)).toEqual(["msal-app.cache.json"]);
  });
});
