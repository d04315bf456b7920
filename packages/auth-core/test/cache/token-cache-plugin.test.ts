import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { type ICachePlugin, TokenCacheContext } from "@azure/msal-node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cacheFiles } from "../../src/cache/cache-location.js";
import type { CacheStorage } from "../../src/cache/cache-storage.js";
import { createTokenCachePlugin } from "../../src/cache/create-token-cache-plugin.js";
import { CrossProcessLock } from "../../src/cache/cross-process-lock.js";
import { selectCacheStorage } from "../../src/cache/persistence-selection.js";
import { PlaintextFileStorage } from "../../src/cache/plaintext-file-storage.js";
import { EMPTY_MSAL_CACHE, PersistentTokenCachePlugin } from "../../src/cache/token-cache-plugin.js";
import { TokenCacheError } from "../../src/errors.js";
import { type LogSink, setLogSink } from "../../src/logger.js";
import {
  type CacheEmulator,
  entryKey,
  startCacheEmulator,
  storedAccessTokens,
} from "./fixtures/cache-emulator.js";
import { emulatorClient, RESOURCE_SCOPES, tokenHash } from "./fixtures/emulator-client.js";
import { FakeKeyring, fakeBindings } from "./fixtures/fake-cache-bindings.js";
import { FakeTokenCache } from "./fixtures/fake-token-cache.js";

let root: string;
let dir: string;
let logs: string[];
let previousSink: LogSink;
const POSIX = process.platform !== "win32";

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "entra-mcp-cache-"));
  dir = join(root, "nested", "entra-mcp");
  logs = [];
  previousSink = setLogSink((_level, line) => logs.push(line), "debug");
});

const warnings = () => logs.filter((line) => line.includes("] warn: "));

afterEach(async () => {
  setLogSink(previousSink, "warn");
  await rm(root, { recursive: true, force: true });
});

function open(name = "msal-test") {
  return createTokenCachePlugin({ cacheDir: dir, name, plaintext: true });
}

/** One MSAL-style write access: before -> change -> after. */
async function write(
  plugin: PersistentTokenCachePlugin | Awaited<ReturnType<typeof open>>,
  cache: FakeTokenCache,
  key: string,
) {
  const context = new TokenCacheContext(cache, true);
  await plugin.beforeCacheAccess(context);
  cache.entries[key] = `value-of-${key}`;
  await plugin.afterCacheAccess(context);
}

async function read(plugin: Awaited<ReturnType<typeof open>>, cache: FakeTokenCache) {
  const context = new TokenCacheContext(cache, false);
  await plugin.beforeCacheAccess(context);
  await plugin.afterCacheAccess(context);
}

describe("plaintext token cache plugin", () => {
  it("persists a change to <dir>/<name>.cache.json with mode 0600 in a 0700 directory", async () => {
    const plugin = await open();
    expect(plugin.encryption).toBe("plaintext");
    expect(plugin.location).toBe(join(dir, "msal-test.cache.json"));
    await write(plugin, new FakeTokenCache(), "a");
    expect(JSON.parse(await readFile(plugin.location, "utf8"))).toEqual({ entries: { a: "value-of-a" } });
    if (POSIX) {
      expect((await stat(plugin.location)).mode & 0o777).toBe(0o600);
      expect((await stat(dir)).mode & 0o777).toBe(0o700);
    }
  });

  it("replaces the file atomically (new inode each save) and leaves no temp or lock files", async () => {
    const plugin = await open();
    const cache = new FakeTokenCache();
    await write(plugin, cache, "a");
    const first = await stat(plugin.location);
    await write(plugin, cache, "b");
    const second = await stat(plugin.location);
    if (POSIX) expect(second.ino).not.toBe(first.ino);
    expect(await readdir(dir)).toEqual(["msal-test.cache.json"]);
  });

  it("does not write when the cache did not change, and reads release the lock before MSAL reads", async () => {
    const plugin = await open();
    const cache = new FakeTokenCache();
    await write(plugin, cache, "a");
    const before = await stat(plugin.location);

    const unchanged = new TokenCacheContext(cache, true);
    await plugin.beforeCacheAccess(unchanged);
    await plugin.afterCacheAccess(unchanged);

    const reading = new TokenCacheContext(cache, false);
    await plugin.beforeCacheAccess(reading);
    expect(await readdir(dir)).toEqual(["msal-test.cache.json"]); // no lockfile while MSAL reads
    cache.entries.ignored = "a read access never saves";
    await plugin.afterCacheAccess(reading);

    const after = await stat(plugin.location);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    expect(JSON.parse(await readFile(plugin.location, "utf8")).entries).toEqual({ a: "value-of-a" });
  });

  it("always reloads under the lock, so a writer with stale memory keeps other processes' entries", async () => {
    const processA = await open();
    const processB = await open();
    const cacheB = new FakeTokenCache();
    await read(processB, cacheB); // B's memory: empty
    await write(processA, new FakeTokenCache(), "from-a");
    await write(processB, cacheB, "from-b");
    expect(JSON.parse(await readFile(processA.location, "utf8")).entries).toEqual({
      "from-a": "value-of-from-a",
      "from-b": "value-of-from-b",
    });
  });

  it("serializes concurrent accesses within one process (one MSAL app, parallel token requests)", async () => {
    const plugin = await open();
    const cache = new FakeTokenCache();
    const flow = async (flowId: number) => {
      for (let round = 0; round < 15; round++) {
        const context = new TokenCacheContext(cache, true);
        await plugin.beforeCacheAccess(context);
        cache.entries[`f${flowId}-r${round}`] = "x";
        await sleep(Math.random() * 2);
        await plugin.afterCacheAccess(context);
      }
    };
    await Promise.all([flow(0), flow(1), flow(2)]);
    expect(Object.keys(JSON.parse(await readFile(plugin.location, "utf8")).entries)).toHaveLength(45);
  });

  it("lets a read access wait for a write access of the same plugin that holds the lock", async () => {
    const plugin = await open();
    const cache = new FakeTokenCache();
    const writing = new TokenCacheContext(cache, true);
    await plugin.beforeCacheAccess(writing);
    cache.entries.w = "written";
    const reader = new FakeTokenCache();
    const reading = new TokenCacheContext(reader, false);
    const readDone = plugin.beforeCacheAccess(reading).then(() => plugin.afterCacheAccess(reading));
    await sleep(50);
    expect(reader.deserializeCalls).toBe(0); // still queued behind the writer
    await plugin.afterCacheAccess(writing);
    await readDone;
    expect(reader.entries).toEqual({ w: "written" });
    expect(await readdir(dir)).toEqual(["msal-test.cache.json"]);
  });

  it("moves an unparsable cache aside with a timestamp, logs the path, and starts empty", async () => {
    const plugin = await open();
    await writeFile(plugin.location, '{"entries": {"half-written');
    const cache = new FakeTokenCache();
    cache.entries.stale = "from memory";
    await read(plugin, cache);

    expect(cache.entries).toEqual({}); // MSAL's in-memory cache mirrors the (now empty) store
    const files = await readdir(dir);
    const aside = files.find((file) =>
      /^msal-test\.cache\.json\.corrupt-\d{4}-\d\d-\d\dT[\d-]+Z-[0-9a-f]{6}$/.test(file),
    );
    expect(aside, files.join(", ")).toBeDefined();
    expect(files).not.toContain("msal-test.cache.json");
    expect(await readFile(join(dir, aside as string), "utf8")).toBe('{"entries": {"half-written');
    const warning = logs.find((line) => line.includes("was unreadable"));
    expect(warning).toContain(plugin.location);
    expect(warning).toContain(join(dir, aside as string));
    expect(warning).not.toContain("half-written"); // never echo cache contents

    await write(plugin, cache, "after-sign-in");
    expect(JSON.parse(await readFile(plugin.location, "utf8")).entries).toEqual({
      "after-sign-in": "value-of-after-sign-in",
    });
  });

  it("moves aside valid JSON that is not a cache object, and data MSAL cannot deserialize", async () => {
    const plugin = await open();
    await writeFile(plugin.location, "[1,2,3]");
    await read(plugin, new FakeTokenCache());
    const throwing = new FakeTokenCache();
    throwing.deserialize = (text: string) => {
      if (!text.includes('"Account"')) throw new Error(`cannot read ${text}`);
    };
    await writeFile(plugin.location, '{"entries": "sentinel-content"}');
    await read(plugin, throwing);
    expect((await readdir(dir)).filter((file) => file.includes(".corrupt-"))).toHaveLength(2);
    expect(logs.join("\n")).not.toContain("sentinel-content");
  });

  it("releases the lock when loading fails, and afterCacheAccess then does nothing", async () => {
    let saves = 0;
    const failing: CacheStorage = {
      encryption: "libsecret",
      location: "Secret Service item entra-mcp/x",
      load: async () => {
        throw new TokenCacheError("CACHE_UNAVAILABLE", "keyring went away");
      },
      save: async () => {
        saves++;
      },
      quarantine: async () => "never",
      remove: async () => undefined,
      verify: async () => undefined,
      describe: () => "failing",
    };
    const lockPath = join(root, "x.lock");
    const plugin = new PersistentTokenCachePlugin(failing, new CrossProcessLock({ lockPath }));
    const context = new TokenCacheContext(new FakeTokenCache(), true);
    await expect(plugin.beforeCacheAccess(context)).rejects.toMatchObject({ code: "CACHE_UNAVAILABLE" });
    await plugin.afterCacheAccess(context);
    expect(saves).toBe(0);
    expect(await readdir(root)).not.toContain("x.lock");
  });

  it("a failed save does not throw: one warning, lock released; another process's later save wins over the unsaved change", async () => {
    await mkdir(dir, { recursive: true });
    const files = cacheFiles(dir, "flaky");
    const file = new PlaintextFileStorage(files.plaintext);
    let failing = true;
    let failedSaves = 0;
    const flaky: CacheStorage = {
      encryption: "plaintext",
      location: file.location,
      load: () => file.load(),
      save: async (data) => {
        if (!failing) return file.save(data);
        failedSaves++;
        throw new TokenCacheError(
          "CACHE_UNAVAILABLE",
          `Cannot write the token cache file ${file.location} (ENOSPC).`,
          { fix: "free some disk space." },
        );
      },
      quarantine: () => file.quarantine(),
      remove: () => file.remove(),
      verify: () => file.verify(),
      describe: () => file.describe(),
    };
    const processA = new PersistentTokenCachePlugin(flaky, new CrossProcessLock({ lockPath: files.lock }));
    const processB = await open("flaky");
    const cacheA = new FakeTokenCache();

    await write(processA, cacheA, "a1"); // resolves although the save failed
    expect(failedSaves).toBe(1);
    expect(await readdir(dir)).toEqual([]); // no cache file, and the lock is released
    await read(processA, cacheA); // the store is unchanged: memory keeps a1, the retry fails quietly
    expect(cacheA.entries).toEqual({ a1: "value-of-a1" });
    expect(failedSaves).toBe(2);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toContain(`could not save the token cache to plaintext file ${file.location} (`);
    expect(warnings()[0]).toContain("(ENOSPC)");
    expect(warnings()[0]).toContain("Fix: free some disk space.");
    expect(warnings()[0]).not.toContain("value-of-a1");

    await write(processB, new FakeTokenCache(), "b"); // another process saves meanwhile
    failing = false;
    await read(processA, cacheA); // its state wins: a1 was never persisted, b must not be lost
    expect(cacheA.entries).toEqual({ b: "value-of-b" });
    await write(processA, cacheA, "a2");
    expect(JSON.parse(await readFile(files.plaintext, "utf8")).entries).toEqual({
      b: "value-of-b",
      a2: "value-of-a2",
    });
    expect(failedSaves).toBe(2);
    expect(warnings()).toHaveLength(1);
    expect(logs.filter((line) => line.includes("works again"))).toHaveLength(1);
    expect(await readdir(dir)).toEqual(["flaky.cache.json"]);
  });
});

describe("with real MSAL (ConfidentialClientApplication against the emulator)", () => {
  const [GRAPH, POWER_BI] = RESOURCE_SCOPES;
  let t: CacheEmulator;
  beforeAll(async () => {
    t = await startCacheEmulator();
  });
  afterAll(() => t.emulator.stop());
  beforeEach(() => t.emulator.clearRequests());

  const client = (plugin: ICachePlugin) => emulatorClient(t.app, t.privateKeyPem, plugin);

  it("an empty MSAL cache serializes to EMPTY_MSAL_CACHE, so an untouched cache is never written", async () => {
    const app = client({ beforeCacheAccess: async () => {}, afterCacheAccess: async () => {} });
    expect(app.getTokenCache().serialize()).toBe(EMPTY_MSAL_CACHE);
  });

  it("a restarted process gets its token from the persisted cache with no token request", async () => {
    const first = client(await open("msal-app"));
    const issued = await first.acquireTokenByClientCredential({ scopes: [GRAPH] });
    expect(issued?.fromCache).toBe(false);
    expect(t.tokenRequests()).toMatchObject([{ clientId: t.app.clientId, scope: GRAPH, status: 200 }]);
    const persisted = await readFile(join(dir, "msal-app.cache.json"), "utf8");
    expect(storedAccessTokens(persisted)).toEqual({
      [entryKey(t.app.clientId, GRAPH)]: tokenHash(issued?.accessToken ?? ""),
    });

    t.emulator.clearRequests();
    const restarted = client(await open("msal-app"));
    const cached = await restarted.acquireTokenByClientCredential({ scopes: [GRAPH] });
    expect(t.tokenRequests()).toEqual([]);
    expect(cached?.fromCache).toBe(true);
    expect(cached?.accessToken).toBe(issued?.accessToken);
  });

  it("a keyring that refuses writes does not fail token calls: one warning naming the item and the fix, tokens kept in memory, saved on the next access once it works", async () => {
    await mkdir(dir, { recursive: true });
    const files = cacheFiles(dir, "msal-app");
    const keyring = new FakeKeyring();
    const storage = await selectCacheStorage(
      { files, name: "msal-app", plaintext: false, platform: "linux" },
      fakeBindings({ keyring }),
    );
    const app = client(
      new PersistentTokenCachePlugin(storage, new CrossProcessLock({ lockPath: files.lock })),
    );
    // The keyring locks after start-up: reads find nothing, writes fail (as libsecret does).
    keyring.options.failSave = new Error("Cannot create an item in a locked collection");

    const graph = await app.acquireTokenByClientCredential({ scopes: [GRAPH] });
    const powerBi = await app.acquireTokenByClientCredential({ scopes: [POWER_BI] });
    expect([graph?.fromCache, powerBi?.fromCache]).toEqual([false, false]);
    expect(keyring.items.size).toBe(0);
    expect(await readdir(dir)).not.toContain("msal-app.lock");
    expect(warnings()).toHaveLength(1);
    const [warning] = warnings();
    expect(warning).toContain(
      "[entra-mcp:cache] warn: could not save the token cache to libsecret Secret Service item entra-mcp/msal-app",
    );
    expect(warning).toContain("Cannot create an item in a locked collection");
    expect(warning).toContain("Fix: run a Secret Service keyring and unlock it");
    expect(warning).toContain("gnome-keyring-daemon --unlock");
    expect(warning).not.toContain(graph?.accessToken ?? "-");

    // Meanwhile the tokens are served from MSAL's memory: no new token requests.
    const again = await app.acquireTokenByClientCredential({ scopes: [GRAPH] });
    expect(again?.fromCache).toBe(true);
    expect(again?.accessToken).toBe(graph?.accessToken);
    expect(t.tokenRequests()).toHaveLength(2);

    // Unlocked again: the next access (a cache hit, so a read access) saves both tokens.
    keyring.options.failSave = undefined;
    const hit = await app.acquireTokenByClientCredential({ scopes: [POWER_BI] });
    expect(hit?.fromCache).toBe(true);
    expect(storedAccessTokens(keyring.text("entra-mcp/msal-app") ?? "{}")).toEqual({
      [entryKey(t.app.clientId, GRAPH)]: tokenHash(graph?.accessToken ?? ""),
      [entryKey(t.app.clientId, POWER_BI)]: tokenHash(powerBi?.accessToken ?? ""),
    });
    expect(t.tokenRequests()).toHaveLength(2);
    expect(warnings()).toHaveLength(1);
    expect(logs.filter((line) => line.includes("works again"))).toHaveLength(1);
  });
});
