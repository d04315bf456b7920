import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TokenCacheContext } from "@azure/msal-node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cacheFiles } from "../../src/cache/cache-location.js";
import { CrossProcessLock } from "../../src/cache/cross-process-lock.js";
import { selectCacheStorage } from "../../src/cache/persistence-selection.js";
import { PersistentTokenCachePlugin } from "../../src/cache/token-cache-plugin.js";
import { TokenCacheError } from "../../src/errors.js";
import { type LogSink, setLogSink } from "../../src/logger.js";
import { FakePersistenceModule } from "./fixtures/fake-persistence-module.js";
import { FakeTokenCache } from "./fixtures/fake-token-cache.js";
import { runOnce } from "./fixtures/spawn-worker.js";

let dir: string;
let logs: string[];
let previousSink: LogSink;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "entra-mcp-select-"));
  logs = [];
  previousSink = setLogSink((_level, line) => logs.push(line), "debug");
});

afterEach(async () => {
  setLogSink(previousSink, "warn");
  await rm(dir, { recursive: true, force: true });
});

const request = (platform: NodeJS.Platform, plaintext = false) => ({
  files: cacheFiles(dir, "msal-delegated"),
  name: "msal-delegated",
  plaintext,
  platform,
});

async function rejection(promise: Promise<unknown>): Promise<TokenCacheError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TokenCacheError);
  return error as TokenCacheError;
}

describe("selectCacheStorage", () => {
  it("uses the plaintext file only on opt-in, without loading msal-node-extensions/keytar", async () => {
    const storage = await selectCacheStorage(request("linux", true), () =>
      Promise.reject(new Error("must not load")),
    );
    expect(storage.encryption).toBe("plaintext");
    expect(storage.location).toBe(join(dir, "msal-delegated.cache.json"));
  });

  it("fails with CACHE_UNAVAILABLE (no plaintext fallback) when keytar cannot be loaded", async () => {
    const error = await rejection(
      selectCacheStorage(request("linux"), () =>
        Promise.reject(new Error("Cannot find module '../build/Release/keytar.node'")),
      ),
    );
    expect(error.code).toBe("CACHE_UNAVAILABLE");
    expect(error.message).toContain("keytar");
    expect(error.fix).toContain("libsecret-1-0");
    expect(error.fix).toContain("ENTRA_MCP_CACHE_PLAINTEXT=true");
    expect(await readdir(dir)).toEqual([]); // and no plaintext file appeared
  });

  it("fails with CACHE_UNAVAILABLE when the Secret Service reads nothing and refuses writes (locked / no collection)", async () => {
    const module = new FakePersistenceModule({
      failSave: new Error("Object does not exist at path /org/freedesktop/secrets/collection/login"),
    });
    const error = await rejection(selectCacheStorage(request("linux"), async () => module));
    expect(error.code).toBe("CACHE_UNAVAILABLE");
    expect(error.message).toContain("Secret Service");
    expect(error.message).toContain("did not accept a test item");
    expect(error.fix).toContain("gnome-keyring-daemon --unlock");
    expect(error.fix).toContain("ENTRA_MCP_CACHE_PLAINTEXT=true");
    // The probe used a per-process item and cleaned up its marker; the real item was never written.
    const probe = module.created.find((entry) => entry.account !== "msal-delegated");
    expect(probe?.account).toMatch(new RegExp(`^msal-delegated\\.probe-${process.pid}-[0-9a-f]{12}$`));
    expect((await readdir(dir)).filter((file) => file.includes(".probe-"))).toEqual([]);
  });

  it("verifies with collision-free probe items when 4 servers start at once", async () => {
    const module = new FakePersistenceModule();
    const storages = await Promise.all(
      [1, 2, 3, 4].map(() => selectCacheStorage(request("linux"), async () => module)),
    );
    expect(storages.map((storage) => storage.encryption)).toEqual([
      "libsecret",
      "libsecret",
      "libsecret",
      "libsecret",
    ]);
    const probes = module.writes.filter((key) => key.includes(".probe-"));
    expect(new Set(probes).size).toBe(4);
    expect(module.items.size).toBe(0); // every probe deleted, nothing else written
  });

  it("skips the write probe when the real keyring item already reads back", async () => {
    const module = new FakePersistenceModule();
    module.items.set("entra-mcp/msal-delegated", "{}");
    await selectCacheStorage(request("linux"), async () => module);
    expect(module.writes).toEqual([]);
  });

  it("uses the macOS Keychain with service entra-mcp and the cache name as account", async () => {
    const module = new FakePersistenceModule();
    const storage = await selectCacheStorage(request("darwin"), async () => module);
    expect(storage.encryption).toBe("keychain");
    expect(storage.location).toBe("Keychain item entra-mcp/msal-delegated");
    await storage.save('{"x":1}');
    expect(module.items.get("entra-mcp/msal-delegated")).toBe('{"x":1}');
    expect(module.created.every((entry) => entry.kind === "keychain")).toBe(true);
  });

  it("uses a DPAPI file on Windows, probing with a per-process file it removes", async () => {
    const module = new FakePersistenceModule();
    const storage = await selectCacheStorage(request("win32"), async () => module);
    expect(storage.encryption).toBe("dpapi");
    expect(storage.location).toBe(join(dir, "msal-delegated.cache.dpapi"));
    expect(module.created[0]?.path).toMatch(/msal-delegated\.cache\.dpapi\.probe\.\d+\.[0-9a-f]{12}\.tmp$/);
    expect(await readdir(dir)).toEqual([]);
  });

  it("fails with CACHE_UNAVAILABLE naming DPAPI when encryption does not work", async () => {
    const module = new FakePersistenceModule();
    module.FilePersistenceWithDataProtection.create = async () => {
      throw new Error("Dpapi bindings unavailable");
    };
    const error = await rejection(selectCacheStorage(request("win32"), async () => module));
    expect(error.message).toContain("Windows DPAPI");
    expect(error.fix).toContain("ENTRA_MCP_CACHE_PLAINTEXT=true");
  });
});

describe("DPAPI storage through the plugin", () => {
  it("writes encrypted data atomically and moves an undecryptable file aside", async () => {
    const module = new FakePersistenceModule();
    const storage = await selectCacheStorage(request("win32"), async () => module);
    const plugin = new PersistentTokenCachePlugin(
      storage,
      new CrossProcessLock({ lockPath: join(dir, "msal-delegated.lock") }),
    );
    const cache = new FakeTokenCache();
    const context = new TokenCacheContext(cache, true);
    await plugin.beforeCacheAccess(context);
    cache.entries.a = "secret-ish";
    await plugin.afterCacheAccess(context);
    const stored = await readFile(storage.location, "utf8");
    expect(stored).toMatch(/^DPAPI\(/);
    expect(stored).not.toContain("secret-ish");
    expect(await readdir(dir)).toEqual(["msal-delegated.cache.dpapi"]);

    await writeFile(storage.location, "garbage from another user profile");
    const reading = new TokenCacheContext(cache, false);
    await plugin.beforeCacheAccess(reading);
    await plugin.afterCacheAccess(reading);
    expect(cache.entries).toEqual({});
    expect((await readdir(dir)).some((file) => file.startsWith("msal-delegated.cache.dpapi.corrupt-"))).toBe(
      true,
    );
    expect(logs.join("\n")).toContain("could not be decrypted");
  });
});

describe.runIf(process.platform === "linux")(
  "without a Secret Service (real msal-node-extensions, fresh process)",
  () => {
    it("createTokenCachePlugin throws CACHE_UNAVAILABLE saying what is missing and how to fix it", async () => {
      const env = { ...process.env };
      delete env.DBUS_SESSION_BUS_ADDRESS;
      delete env.DISPLAY;
      delete env.WAYLAND_DISPLAY;
      const result = (await runOnce(
        "open-cache.ts",
        { cacheDir: dir, name: "no-secret-service" },
        { env },
      )) as Record<string, string>;
      expect(result).toMatchObject({ ok: false, name: "TokenCacheError", code: "CACHE_UNAVAILABLE" });
      expect(result.message).toContain("Secret Service");
      expect(result.message).toContain("DBUS_SESSION_BUS_ADDRESS is not set");
      expect(result.fix).toContain("gnome-keyring-daemon --unlock");
      expect(result.fix).toContain("ENTRA_MCP_CACHE_PLAINTEXT=true");
      expect((await readdir(dir)).filter((file) => file.endsWith(".cache.json"))).toEqual([]);
    });
  },
);
