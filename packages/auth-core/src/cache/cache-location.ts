/**
 * Where the token cache lives on each OS, and the file names inside the cache directory.
 * Paths are built with the target platform's path flavour so that the rules can be tested for
 * every OS on any OS.
 */
import { homedir } from "node:os";
import { posix, resolve, win32 } from "node:path";

const APP_DIR = "entra-mcp";

// Cache names become file names and keyring account names: keep them to a portable, traversal-free set.
const CACHE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** The per-user cache directory: %LOCALAPPDATA%, ~/Library/Caches or $XDG_CACHE_HOME (~/.cache). */
export function defaultCacheDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (platform === "win32") {
    const localAppData = env.LOCALAPPDATA;
    return localAppData && win32.isAbsolute(localAppData)
      ? win32.join(localAppData, APP_DIR)
      : win32.join(home, "AppData", "Local", APP_DIR);
  }
  if (platform === "darwin") return posix.join(home, "Library", "Caches", APP_DIR);
  // The XDG spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
  const xdg = env.XDG_CACHE_HOME;
  return xdg && posix.isAbsolute(xdg) ? posix.join(xdg, APP_DIR) : posix.join(home, ".cache", APP_DIR);
}

/** The files one named cache uses inside `dir`. */
export interface CacheFiles {
  dir: string;
  /** O_EXCL lockfile shared by every process using this cache, whatever the storage. */
  lock: string;
  /** Plaintext JSON cache (explicit opt-in only). */
  plaintext: string;
  /** DPAPI-encrypted cache file (Windows). */
  dpapi: string;
}

/** Validates `name` and returns the absolute paths of the files for that cache. */
export function cacheFiles(dir: string, name: string): CacheFiles {
  if (!CACHE_NAME.test(name)) {
    // A programming error in the caller, not a user-facing failure: no error code.
    throw new TypeError(
      `createTokenCachePlugin: cache name "${name}" is invalid; use 1-100 letters, digits, ".", "_" or "-" (e.g. "msal-delegated").`,
    );
  }
  const absolute = resolve(dir);
  const file = (suffix: string) => resolve(absolute, `${name}${suffix}`);
  return {
    dir: absolute,
    lock: file(".lock"),
    plaintext: file(".cache.json"),
    dpapi: file(".cache.dpapi"),
  };
}
