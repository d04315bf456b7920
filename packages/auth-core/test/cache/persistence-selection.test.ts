import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TokenCacheContext } from "@azure/msal-node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CacheBindings, defaultCacheBindings } from "../../src/cache/cache-bindings.js";
import { cacheFiles } from "../../src/cache/cache-location.js";
import { CrossProcessLock } from "../../src/cache/cross-process-lock.js";
import { keyringPlatformPackage } from "../../src/cache/keyring-binding.js";
import { selectCacheStorage } from "../../src/cache/persistence-selection.js";
import { PersistentTokenCachePlugin } from "../../src/cache/token-cache-plugin.js";
import { TokenCacheError } from "../../src/errors.js";
import { type LogSink, setLogSink } from "../../src/logger.js";
import { FakeDpapi, FakeKeyring, fakeBindings } from "./fixtures/fake-cache-bindings.js";
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

// What @napi-rs/keyring throws when this platform's binding package was not installed.
const NO_NATIVE_BINDING = new Error(
  "Cannot find native binding. npm has a bug related to optional dependencies (https://github.com/npm/cli/issues/4828).",
);

describe("selectCacheStorage", () => {
  it("uses the plaintext file only on opt-in, without loading any native binding", async () => {
    const storage = await selectCacheStorage(request("linux", true), fakeBindings());
    expect(storage.encryption).toBe("plaintext");
    expect(storage.location).toBe(join(dir, "msal-delegated.cache.json"));
  });

  it.each([
    ["linux", "the Secret Service"],
    ["darwin", "the macOS Keychain"],
  ] as const)(
    "on %s, a missing keyring binding fails with CACHE_UNAVAILABLE naming the package and the npx / .mcpb fixes (no plaintext fallback)",
    async (platform, store) => {
      const error = await rejection(
        selectCacheStorage(request(platform), {
          keyring: () => Promise.reject(NO_NATIVE_BINDING),
          dpapi: () => Promise.reject(new Error("test: the dpapi binding must not load")),
        }),
      );
      expect(error.code).toBe("CACHE_UNAVAILABLE");
      const binding = keyringPlatformPackage(platform, process.arch);
      expect(binding).toMatch(new RegExp(`^@napi-rs/keyring-${platform}-${process.arch}`));
      expect(error.message).toContain(
        `${store} cannot be used because its prebuilt binding package ${binding} is missing or does not load`,
      );
      expect(error.message).toContain("Cannot find native binding");
      expect(error.fix).toContain(
        `without \`--omit=optional\` / \`--no-optional\` so that ${binding} is installed`,
      );
      expect(error.fix).toContain("with npx, run `npm cache npx rm`");
      expect(error.fix).toContain("install the .mcpb built for this OS");
      expect(error.fix).toContain("ENTRA_MCP_CACHE_PLAINTEXT=true");
      expect(`${error.message} ${error.fix}`).not.toMatch(/pnpm|keytar|libsecret-1-dev/);
      expect(await readdir(dir)).toEqual([]); // and no plaintext file appeared
    },
  );

  it("on Windows, a missing dpapi.node fails with CACHE_UNAVAILABLE naming the bundle file and the fixes", async () => {
    const error = await rejection(
      selectCacheStorage(request("win32"), {
        keyring: () => Promise.reject(new Error("test: the keyring binding must not load")),
        dpapi: () =>
          Promise.reject(
            new Error("no usable dpapi.node: C:\\x\\dist\\native\\win32-x64\\dpapi.node does not exist"),
          ),
      }),
    );
    expect(error.code).toBe("CACHE_UNAVAILABLE");
    expect(error.message).toContain(
      `Windows DPAPI cannot be used because its prebuilt binding dpapi.node for win32-${process.arch}`,
    );
    expect(error.fix).toContain(`dist/native/win32-${process.arch}/dpapi.node`);
    expect(error.fix).toContain("npm cache npx rm");
    expect(error.fix).toContain("%LocalAppData%\\npm-cache\\_npx");
    expect(error.fix).toContain("in Claude Desktop, install the Windows .mcpb again");
    expect(error.fix).toContain("ENTRA_MCP_CACHE_PLAINTEXT=true");
    expect(`${error.message} ${error.fix}`).not.toMatch(/pnpm|keytar/);
  });

  it("a keyring binding that fails to import leaves DPAPI selection working (the bindings load independently)", async () => {
    let keyringLoads = 0;
    const dpapi = new FakeDpapi();
    const bindings: CacheBindings = {
      ...defaultCacheBindings,
      keyring: () => {
        keyringLoads++;
        return Promise.reject(NO_NATIVE_BINDING);
      },
      dpapi: async () => dpapi,
    };
    const storage = await selectCacheStorage(request("win32"), bindings);
    expect(storage.encryption).toBe("dpapi");
    await storage.save('{"x":1}');
    expect(await storage.load()).toBe('{"x":1}');
    expect(keyringLoads).toBe(0);
    // And the other way round: a broken DPAPI binding does not stop the keyring.
    const keyring = await selectCacheStorage(request("linux"), {
      keyring: async () => new FakeKeyring(),
      dpapi: () => Promise.reject(new Error("invalid ELF header")),
    });
    expect(keyring.encryption).toBe("libsecret");
  });

  it("fails with CACHE_UNAVAILABLE when the Secret Service reads nothing and refuses writes (locked / no collection)", async () => {
    const keyring = new FakeKeyring({
      failSave: new Error("Couldn't access platform storage: Secret Service: unlock prompt was dismissed"),
    });
    const error = await rejection(selectCacheStorage(request("linux"), fakeBindings({ keyring })));
    expect(error.code).toBe("CACHE_UNAVAILABLE");
    expect(error.message).toContain("Secret Service");
    expect(error.message).toContain("did not accept a test item");
    expect(error.message).toContain("unlock prompt was dismissed");
    expect(error.fix).toContain("gnome-keyring-daemon --unlock");
    expect(error.fix).toContain("ENTRA_MCP_CACHE_PLAINTEXT=true");
    expect(error.fix).not.toContain("libsecret");
    // The probe used a per-process item; the real item was never written; no marker files.
    const probe = keyring.opened.find((entry) => entry.account !== "msal-delegated");
    expect(probe?.account).toMatch(new RegExp(`^msal-delegated\\.probe-${process.pid}-[0-9a-f]{12}$`));
    expect(await readdir(dir)).toEqual([]);
  });

  it("fails with CACHE_UNAVAILABLE when no keyring can be reached at all (entry cannot be opened)", async () => {
    const keyring = new FakeKeyring({
      failOpen: new Error("Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled"),
    });
    const error = await rejection(selectCacheStorage(request("linux"), fakeBindings({ keyring })));
    expect(error.message).toContain("Secret Service could not open item entra-mcp/msal-delegated");
    expect(error.fix).toContain("dbus-run-session");
  });

  it("verifies with collision-free probe items when 4 servers start at once", async () => {
    const keyring = new FakeKeyring();
    const storages = await Promise.all(
      [1, 2, 3, 4].map(() => selectCacheStorage(request("linux"), fakeBindings({ keyring }))),
    );
    expect(storages.map((storage) => storage.encryption)).toEqual([
      "libsecret",
      "libsecret",
      "libsecret",
      "libsecret",
    ]);
    const probes = keyring.writes.filter((key) => key.includes(".probe-"));
    expect(new Set(probes).size).toBe(4);
    expect(keyring.items.size).toBe(0); // every probe deleted, nothing else written
    expect(await readdir(dir)).toEqual([]);
  });

  it("skips the write probe when the real keyring item already reads back", async () => {
    const keyring = new FakeKeyring();
    keyring.setText("entra-mcp/msal-delegated", "{}");
    await selectCacheStorage(request("linux"), fakeBindings({ keyring }));
    expect(keyring.writes).toEqual([]);
  });

  it("uses the macOS Keychain with service entra-mcp and the cache name as account", async () => {
    const keyring = new FakeKeyring();
    const storage = await selectCacheStorage(request("darwin"), fakeBindings({ keyring }));
    expect(storage.encryption).toBe("keychain");
    expect(storage.location).toBe("Keychain item entra-mcp/msal-delegated");
    await storage.save('{"x":1}');
    expect(keyring.text("entra-mcp/msal-delegated")).toBe('{"x":1}');
    expect(keyring.opened.every((entry) => entry.service === "entra-mcp")).toBe(true);
  });

  it("uses a DPAPI file on Windows (current user, no entropy), probing with a per-process file it removes", async () => {
    const dpapi = new FakeDpapi();
    const storage = await selectCacheStorage(request("win32"), fakeBindings({ dpapi }));
    expect(storage.encryption).toBe("dpapi");
    expect(storage.location).toBe(join(dir, "msal-delegated.cache.dpapi"));
    expect(dpapi.calls.map((call) => call.op)).toEqual(["protect", "unprotect"]);
    expect(dpapi.calls.every((call) => call.scope === "CurrentUser" && call.entropy === null)).toBe(true);
    expect(await readdir(dir)).toEqual([]);
  });

  it("fails with CACHE_UNAVAILABLE naming DPAPI when encryption does not work", async () => {
    const dpapi = new FakeDpapi();
    dpapi.failProtect = new Error("The system cannot find the file specified (no user profile)");
    const error = await rejection(selectCacheStorage(request("win32"), fakeBindings({ dpapi })));
    expect(error.message).toContain("Windows DPAPI could not encrypt a test value");
    expect(error.fix).toContain("signed-in Windows user");
    expect(error.fix).toContain("ENTRA_MCP_CACHE_PLAINTEXT=true");
    expect(await readdir(dir)).toEqual([]);
  });
});

describe("keyring storage", () => {
  it("moves an item that is not UTF-8 aside byte for byte and starts empty", async () => {
    const keyring = new FakeKeyring();
    const garbage = Uint8Array.from([0xff, 0xfe, 0x7b, 0x00]);
    keyring.items.set("entra-mcp/msal-delegated", garbage);
    const storage = await selectCacheStorage(request("linux"), fakeBindings({ keyring }));
    const plugin = new PersistentTokenCachePlugin(
      storage,
      new CrossProcessLock({ lockPath: join(dir, "msal-delegated.lock") }),
    );
    const cache = new FakeTokenCache();
    const read = new TokenCacheContext(cache, false);
    await plugin.beforeCacheAccess(read);
    await plugin.afterCacheAccess(read);
    expect(cache.entries).toEqual({});
    expect(keyring.items.has("entra-mcp/msal-delegated")).toBe(false);
    const aside = [...keyring.items.keys()];
    expect(aside).toHaveLength(1);
    expect(aside[0]).toMatch(/^entra-mcp\/msal-delegated\.corrupt-[\w-]+$/);
    expect(keyring.items.get(aside[0] as string)).toEqual(garbage);
    expect(logs.join("\n")).toContain("not valid UTF-8");
  });

  it("reports a failing read as CACHE_UNAVAILABLE, not as a corrupt cache", async () => {
    const keyring = new FakeKeyring();
    keyring.setText("entra-mcp/msal-delegated", "{}");
    const storage = await selectCacheStorage(request("linux"), fakeBindings({ keyring }));
    keyring.options.failLoad = new Error("Couldn't access platform storage: AccessDenied");
    const error = await rejection(storage.load());
    expect(error.message).toContain("could not read item entra-mcp/msal-delegated");
    expect(keyring.text("entra-mcp/msal-delegated")).toBe("{}");
  });
});

describe("DPAPI storage through the plugin", () => {
  it("writes encrypted data atomically and moves an undecryptable file aside", async () => {
    const storage = await selectCacheStorage(request("win32"), fakeBindings({ dpapi: new FakeDpapi() }));
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
  "without a Secret Service (real @napi-rs/keyring, fresh process)",
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
      // Fails at the Secret Service itself: no silent fallback to the kernel keyring (keyutils).
      expect(result.message).toContain("the Secret Service could not open item entra-mcp/no-secret-service");
      expect(result.message).toContain("DBUS_SESSION_BUS_ADDRESS is not set");
      expect(result.fix).toContain("gnome-keyring-daemon --unlock");
      expect(result.fix).toContain("ENTRA_MCP_CACHE_PLAINTEXT=true");
      expect(await readdir(dir)).toEqual([]); // no plaintext file either
    });
  },
);
