/**
 * Public entry of the persistent token cache: one MSAL cache plugin per named cache, shared by every
 * server process of the same user (app-only and delegated apps may use separate names or one).
 */
import type { ICachePlugin } from "@azure/msal-node";
import { TokenCacheError } from "../errors.js";
import { ensureCacheDir } from "./atomic-file.js";
import { cacheFiles, defaultCacheDir } from "./cache-location.js";
import type { CacheEncryption } from "./cache-storage.js";
import { CrossProcessLock } from "./cross-process-lock.js";
import { selectCacheStorage } from "./persistence-selection.js";
import { PersistentTokenCachePlugin } from "./token-cache-plugin.js";

export { defaultCacheDir };

export interface TokenCacheOptions {
  /** Directory for the cache file and the lockfile. Default: defaultCacheDir(). */
  cacheDir?: string;
  /** Cache name: file name stem and keyring account, e.g. "msal-delegated" or "msal-app-<clientId>". */
  name: string;
  /** Explicit opt-in to a plaintext file (0600) instead of DPAPI / Keychain / Secret Service. */
  plaintext?: boolean;
  /** How long to wait for the cross-process lock before CACHE_LOCK_TIMEOUT. Default 10 000 ms. */
  lockTimeoutMs?: number;
  /** A lock whose live-looking owner stopped refreshing it for this long is taken over. Default 8 000 ms. */
  staleLockMs?: number;
}

export interface TokenCachePlugin extends ICachePlugin {
  /** The cache file, or the keyring item ("Secret Service item entra-mcp/<name>"). Never secret. */
  readonly location: string;
  readonly encryption: CacheEncryption;
}

/**
 * Opens the named cache: picks and verifies encrypted storage (or plaintext if opted in) and
 * returns the MSAL cache plugin. Throws TokenCacheError CACHE_UNAVAILABLE when the encrypted
 * store does not work, with what is missing and the fix.
 */
export async function createTokenCachePlugin(options: TokenCacheOptions): Promise<TokenCachePlugin> {
  const files = cacheFiles(options.cacheDir ?? defaultCacheDir(), options.name);
  try {
    await ensureCacheDir(files.dir);
  } catch (error) {
    throw new TokenCacheError(
      "CACHE_UNAVAILABLE",
      `Cannot create the token cache directory ${files.dir} (${(error as { code?: string }).code ?? "error"}).`,
      { cause: error, fix: "set ENTRA_MCP_CACHE_DIR to a directory this user can write." },
    );
  }
  const storage = await selectCacheStorage({
    files,
    name: options.name,
    plaintext: options.plaintext === true,
  });
  const lock = new CrossProcessLock({
    lockPath: files.lock,
    ...(options.lockTimeoutMs === undefined ? {} : { timeoutMs: options.lockTimeoutMs }),
    ...(options.staleLockMs === undefined ? {} : { staleMs: options.staleLockMs }),
  });
  return new PersistentTokenCachePlugin(storage, lock);
}
