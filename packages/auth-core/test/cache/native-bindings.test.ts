import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  DPAPI_ARCHES,
  dpapiBindingCandidates,
  dpapiBindingFiles,
  loadDpapiBinding,
} from "../../src/cache/dpapi-binding.js";
import { detectLibc, keyringPlatformPackage } from "../../src/cache/keyring-binding.js";
import { runOnce } from "./fixtures/spawn-worker.js";

const SRC_CACHE = fileURLToPath(new URL("../../src/cache/", import.meta.url));
const require = createRequire(import.meta.url);
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "entra-mcp-bindings-"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("keyring binding package names", () => {
  it.each([
    ["linux", "x64", "gnu", "@napi-rs/keyring-linux-x64-gnu"],
    ["linux", "x64", "musl", "@napi-rs/keyring-linux-x64-musl"],
    ["linux", "arm64", "musl", "@napi-rs/keyring-linux-arm64-musl"],
    ["linux", "arm", "gnu", "@napi-rs/keyring-linux-arm-gnueabihf"],
    ["darwin", "arm64", undefined, "@napi-rs/keyring-darwin-arm64"],
    ["win32", "x64", undefined, "@napi-rs/keyring-win32-x64-msvc"],
  ] as const)("%s %s %s -> %s", (platform, arch, libc, expected) => {
    expect(keyringPlatformPackage(platform, arch, libc)).toBe(expected);
  });

  it.runIf(process.platform !== "win32")(
    "names the package @napi-rs/keyring actually installed for this machine",
    () => {
      const keyring = createRequire(require.resolve("@napi-rs/keyring"));
      expect(() => keyring.resolve(`${keyringPlatformPackage()}/package.json`)).not.toThrow();
      if (process.platform === "linux") expect(["gnu", "musl"]).toContain(detectLibc());
    },
  );
});

describe("dpapi.node loader", () => {
  it("looks beside the bundled chunk first, then in the installed msal-node-extensions", () => {
    const installed = join(
      dirname(require.resolve("@azure/msal-node-extensions/package.json")),
      "bin",
      "arm64",
      "dpapi.node",
    );
    expect(dpapiBindingCandidates("arm64")).toEqual([
      join(SRC_CACHE, "native", "win32-arm64", "dpapi.node"),
      installed,
    ]);
    expect(existsSync(installed)).toBe(true);
  });

  it("tells a bundler every architecture's file and where it goes under dist/", () => {
    const files = dpapiBindingFiles();
    expect(files.map((file) => [file.arch, file.target])).toEqual([
      ["x64", "native/win32-x64/dpapi.node"],
      ["arm64", "native/win32-arm64/dpapi.node"],
      ["ia32", "native/win32-ia32/dpapi.node"],
    ]);
    expect(DPAPI_ARCHES).toEqual(["x64", "arm64", "ia32"]);
    for (const file of files) expect(existsSync(file.source), file.source).toBe(true);
  });

  it("takes the first candidate that loads, skipping missing ones", async () => {
    const fake = join(dir, "fake-dpapi.cjs");
    await writeFile(
      fake,
      "exports.protectData = (d) => Buffer.concat([Buffer.from('P:'), d]);\nexports.unprotectData = (d) => d.subarray(2);\n",
    );
    const binding = await loadDpapiBinding([join(dir, "missing", "dpapi.node"), fake]);
    expect(
      Buffer.from(
        binding.unprotectData(
          binding.protectData(Buffer.from("x"), null, "CurrentUser"),
          null,
          "CurrentUser",
        ),
      ).toString(),
    ).toBe("x");
  });

  it("says what was wrong with each candidate when none works", async () => {
    const notDpapi = join(dir, "not-dpapi.cjs");
    await writeFile(notDpapi, "exports.hello = 1;\n");
    const missing = join(dir, "missing", "dpapi.node");
    const error = await loadDpapiBinding([missing, notDpapi]).then(
      () => undefined,
      (caught: Error) => caught,
    );
    expect(error?.message).toBe(
      `no usable dpapi.node: ${missing} does not exist; ${notDpapi} has no protectData/unprotectData`,
    );
  });

  it.runIf(process.platform !== "win32")(
    "fails cleanly (no crash) for the real Windows binary on this OS",
    async () => {
      const error = await loadDpapiBinding().then(
        () => undefined,
        (caught: Error) => caught,
      );
      expect(error?.message).toMatch(
        /^no usable dpapi\.node: .*does not exist; .*bin[/\\]\w+[/\\]dpapi\.node did not load/,
      );
    },
  );
});

describe.runIf(process.platform !== "win32")("loading (fresh process)", () => {
  it("loads no native binding at import or for the plaintext opt-in, and only @napi-rs/keyring for the keyring", async () => {
    const env = { ...process.env };
    delete env.DBUS_SESSION_BUS_ADDRESS; // only which modules load matters, not whether a keyring answers
    const result = (await runOnce("native-loads.ts", { cacheDir: dir }, { env })) as {
      atImport: string[];
      afterPlaintext: string[];
      afterEncrypted: string[];
      encrypted: string;
    };
    expect(result.atImport).toEqual([]);
    expect(result.afterPlaintext).toEqual([]);
    expect(result.encrypted).toBe("CACHE_UNAVAILABLE");
    expect(result.afterEncrypted.some((url) => url.includes("@napi-rs/keyring"))).toBe(true);
    expect(result.afterEncrypted.filter((url) => url.includes("msal-node-extensions"))).toEqual([]);
  });
});
