import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { TokenCacheContext } from "@azure/msal-node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CacheStorage } from "../../src/cache/cache-storage.js";
import { createTokenCachePlugin } from "../../src/cache/create-token-cache-plugin.js";
import { CrossProcessLock } from "../../src/cache/cross-process-lock.js";
import { EMPTY_MSAL_CACHE, PersistentTokenCachePlugin } from "../../src/cache/token-cache-plugin.js";
import { TokenCacheError } from "../../src/errors.js";
import { type LogSink, setLogSink } from "../../src/logger.js";
import { FakeTokenEndpoint, fakeConfidentialClient } from "./fixtures/fake-network.js";
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
    const failing: CacheStorage = {
      encryption: "libsecret",
      location: "Secret Service item entra-mcp/x",
      load: async () => {
        throw new TokenCacheError("CACHE_UNAVAILABLE", "keyring went away");
      },
      save: async () => {
        throw new Error("must not save");
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
    expect(await readdir(root)).not.toContain("x.lock");
  });
});

describe("with real MSAL (ConfidentialClientApplication + fake token endpoint)", () => {
  it("an empty MSAL cache serializes to EMPTY_MSAL_CACHE, so an untouched cache is never written", async () => {
    const app = fakeConfidentialClient(new FakeTokenEndpoint(), {
      beforeCacheAccess: async () => {},
      afterCacheAccess: async () => {},
    });
    expect(app.getTokenCache().serialize()).toBe(EMPTY_MSAL_CACHE);
  });

  it("a restarted process gets its token from the persisted cache with no token request", async () => {
    const firstNetwork = new FakeTokenEndpoint();
    const first = fakeConfidentialClient(firstNetwork, await open("msal-app"));
    const scopes = ["api://restart-test/.default"];
    const issued = await first.acquireTokenByClientCredential({ scopes });
    expect(firstNetwork.tokenRequests).toBe(1);
    expect(await readFile(join(dir, "msal-app.cache.json"), "utf8")).toContain("api://restart-test/.default");

    const restartedNetwork = new FakeTokenEndpoint();
    const restarted = fakeConfidentialClient(restartedNetwork, await open("msal-app"));
    const cached = await restarted.acquireTokenByClientCredential({ scopes });
    expect(restartedNetwork.tokenRequests).toBe(0);
    expect(cached?.fromCache).toBe(true);
    expect(cached?.accessToken).toBe(issued?.accessToken);
  });
});
