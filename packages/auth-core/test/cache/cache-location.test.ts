import { describe, expect, it } from "vitest";
import { cacheFiles, defaultCacheDir } from "../../src/cache/cache-location.js";

describe("defaultCacheDir", () => {
  it("uses %LOCALAPPDATA%\\entra-mcp on Windows", () => {
    expect(
      defaultCacheDir("win32", { LOCALAPPDATA: "C:\\Users\\ada\\AppData\\Local" }, "C:\\Users\\ada"),
    ).toBe("C:\\Users\\ada\\AppData\\Local\\entra-mcp");
  });

  it("falls back to <home>\\AppData\\Local on Windows without LOCALAPPDATA", () => {
    expect(defaultCacheDir("win32", {}, "C:\\Users\\ada")).toBe("C:\\Users\\ada\\AppData\\Local\\entra-mcp");
  });

  it("uses ~/Library/Caches/entra-mcp on macOS, ignoring XDG variables", () => {
    expect(defaultCacheDir("darwin", { XDG_CACHE_HOME: "/x" }, "/Users/ada")).toBe(
      "/Users/ada/Library/Caches/entra-mcp",
    );
  });

  it("uses $XDG_CACHE_HOME/entra-mcp on Linux", () => {
    expect(defaultCacheDir("linux", { XDG_CACHE_HOME: "/var/cache/ada" }, "/home/ada")).toBe(
      "/var/cache/ada/entra-mcp",
    );
  });

  it("uses ~/.cache/entra-mcp on Linux without XDG_CACHE_HOME, or with a relative one (invalid per the spec)", () => {
    expect(defaultCacheDir("linux", {}, "/home/ada")).toBe("/home/ada/.cache/entra-mcp");
    expect(defaultCacheDir("linux", { XDG_CACHE_HOME: "rel/cache" }, "/home/ada")).toBe(
      "/home/ada/.cache/entra-mcp",
    );
  });
});

describe("cacheFiles", () => {
  it("puts the lockfile and cache files for a name in the directory", () => {
    const files = cacheFiles("/tmp/entra", "msal-app-1234");
    expect(files).toEqual({
      dir: "/tmp/entra",
      lock: "/tmp/entra/msal-app-1234.lock",
      plaintext: "/tmp/entra/msal-app-1234.cache.json",
      dpapi: "/tmp/entra/msal-app-1234.cache.dpapi",
    });
  });

  it("rejects names that could escape the directory or are not portable", () => {
    for (const bad of ["../x", "a/b", "a\\b", "", ".hidden", "x".repeat(101), "a b"]) {
      expect(() => cacheFiles("/tmp/entra", bad), bad).toThrow(TypeError);
    }
  });
});
