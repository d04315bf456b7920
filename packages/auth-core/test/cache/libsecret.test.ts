/**
 * Real Secret Service tests. CI runs the suite under dbus-run-session with an unlocked
 * gnome-keyring and sets ENTRA_MCP_TEST_SECRET_SERVICE=1, so there these cannot silently skip.
 * Every test uses its own keyring account and deletes it afterwards.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TokenCacheContext } from "@azure/msal-node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTokenCachePlugin } from "../../src/cache/create-token-cache-plugin.js";
import { loadKeyringBinding } from "../../src/cache/keyring-binding.js";
import { KEYRING_SERVICE, KeyringStorage } from "../../src/cache/keyring-storage.js";
import { type LogSink, setLogSink } from "../../src/logger.js";
import {
  type CacheEmulator,
  runMsalWorkers,
  startCacheEmulator,
  storedAccessTokens,
} from "./fixtures/cache-emulator.js";
import type { CacheWorkerArgs } from "./fixtures/cache-worker.js";
import { RESOURCE_SCOPES } from "./fixtures/emulator-client.js";
import { FakeTokenCache } from "./fixtures/fake-token-cache.js";
import { runTogether } from "./fixtures/spawn-worker.js";

const enabled = process.env.ENTRA_MCP_TEST_SECRET_SERVICE === "1";

let dir: string;
let name: string;
let accounts: string[];
let logs: string[];
let previousSink: LogSink;

async function item(account: string): Promise<KeyringStorage> {
  return new KeyringStorage({ encryption: "libsecret", keyring: await loadKeyringBinding(), account });
}

/** Every entra-mcp account in the real keyring, straight from @napi-rs/keyring. */
async function storedAccounts(): Promise<string[]> {
  const { findCredentialsAsync } = await import("@napi-rs/keyring");
  return (await findCredentialsAsync(KEYRING_SERVICE)).map((credential) => credential.account);
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "entra-mcp-libsecret-"));
  name = `test-${process.pid}-${randomBytes(4).toString("hex")}`;
  accounts = [name];
  logs = [];
  previousSink = setLogSink((_level, line) => logs.push(line), "debug");
});

afterEach(async () => {
  setLogSink(previousSink, "warn");
  try {
    if (enabled) for (const account of accounts) await (await item(account)).remove();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

describe.runIf(enabled)("libsecret token cache (real Secret Service)", () => {
  it("round-trips the cache through a keyring item, with no plaintext file", async () => {
    const writer = await createTokenCachePlugin({ cacheDir: dir, name });
    expect(writer.encryption).toBe("libsecret");
    expect(writer.location).toBe(`Secret Service item entra-mcp/${name}`);
    const cache = new FakeTokenCache();
    const write = new TokenCacheContext(cache, true);
    await writer.beforeCacheAccess(write);
    cache.entries.a = "stored in the keyring";
    await writer.afterCacheAccess(write);

    const reader = await createTokenCachePlugin({ cacheDir: dir, name });
    const fresh = new FakeTokenCache();
    const read = new TokenCacheContext(fresh, false);
    await reader.beforeCacheAccess(read);
    await reader.afterCacheAccess(read);
    expect(fresh.entries).toEqual({ a: "stored in the keyring" });
    expect(await readdir(dir)).toEqual([]); // no plaintext file, no marker files, no lock left behind

    // The start-up probes (one per plugin) removed their items again.
    expect((await storedAccounts()).filter((account) => account.startsWith(name))).toEqual([name]);

    await (await item(name)).remove();
    expect(await (await item(name)).load()).toBeNull();
  });

  it("moves an item that is not UTF-8 aside byte for byte", async () => {
    const garbage = Uint8Array.from([0xff, 0xfe, 0x7b, 0x22]);
    const binding = await loadKeyringBinding();
    await binding.openEntry(KEYRING_SERVICE, name).setSecret(garbage);
    const plugin = await createTokenCachePlugin({ cacheDir: dir, name });
    const cache = new FakeTokenCache();
    const read = new TokenCacheContext(cache, false);
    await plugin.beforeCacheAccess(read);
    await plugin.afterCacheAccess(read);
    expect(cache.entries).toEqual({});
    expect(await (await item(name)).load()).toBeNull();
    const aside = (await storedAccounts()).find((account) => account.startsWith(`${name}.corrupt-`));
    expect(aside).toBeDefined();
    accounts.push(aside as string);
    expect(await binding.openEntry(KEYRING_SERVICE, aside as string).getSecret()).toEqual(
      Array.from(garbage),
    );
    expect(logs.join("\n")).toContain("not valid UTF-8");
  });

  it("moves a corrupt keyring item aside to <name>.corrupt-<timestamp> and starts empty", async () => {
    await (await item(name)).save("not json at all");
    const plugin = await createTokenCachePlugin({ cacheDir: dir, name });
    const cache = new FakeTokenCache();
    cache.entries.old = "x";
    const read = new TokenCacheContext(cache, false);
    await plugin.beforeCacheAccess(read);
    await plugin.afterCacheAccess(read);
    expect(cache.entries).toEqual({});
    expect(await (await item(name)).load()).toBeNull();
    const aside = /entra-mcp\/(test-[\w-]+\.corrupt-[\w-]+)/.exec(logs.join("\n"))?.[1];
    expect(aside).toBeDefined();
    accounts.push(aside as string);
    expect(await (await item(aside as string)).load()).toBe("not json at all");
  });

  it("4 processes refreshing at once lose 0 entries (fake serializable cache, 30 rounds each)", async () => {
    const args: CacheWorkerArgs[] = [0, 1, 2, 3].map((workerId) => ({
      mode: "fake",
      cacheDir: dir,
      name,
      plaintext: false,
      workerId,
      rounds: 30,
    }));
    await runTogether("cache-worker.ts", args);
    const data = JSON.parse((await (await item(name)).load()) ?? "null");
    const keys = Object.keys(data.entries);
    expect(keys).toHaveLength(120);
    for (let workerId = 0; workerId < 4; workerId++) {
      for (let round = 0; round < 30; round++) expect(keys).toContain(`w${workerId}-r${round}`);
    }
  });

  describe("with real MSAL against the emulator", () => {
    let t: CacheEmulator;
    beforeAll(async () => {
      t = await startCacheEmulator();
    });
    afterAll(() => t.emulator.stop());

    it(`4 processes x ${RESOURCE_SCOPES.length} scopes x 3 rounds, concurrently, lose no access tokens`, async () => {
      const run = await runMsalWorkers(
        t,
        { cacheDir: dir, name, plaintext: false },
        { workers: 4, rounds: 3 },
      );
      expect(run.fromCache).toBe(0);
      expect(run.failedTokenRequests).toBe(0);
      expect(Object.keys(run.newest)).toHaveLength(4 * RESOURCE_SCOPES.length);
      expect(run.tokenRequests).toEqual(Object.fromEntries(Object.keys(run.newest).map((key) => [key, 3])));
      expect(storedAccessTokens((await (await item(name)).load()) ?? "{}")).toEqual(run.newest);
      expect(await readdir(dir)).toEqual([]);
    });
  });
});
