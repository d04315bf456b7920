/**
 * Picks the storage: the OS's encrypted store (DPAPI / Keychain / Secret Service), or the plaintext file
 * only if the user opted in. If the encrypted store does not work, this throws CACHE_UNAVAILABLE:
 * there is deliberately no automatic plaintext fallback.
 */
import { log } from "../logger.js";
import { type CacheBindings, defaultCacheBindings } from "./cache-bindings.js";
import type { CacheFiles } from "./cache-location.js";
import type { CacheEncryption, CacheStorage } from "./cache-storage.js";
import { moduleUnavailable } from "./cache-unavailable.js";
import { DpapiFileStorage } from "./dpapi-file-storage.js";
import { KeyringStorage } from "./keyring-storage.js";
import { PlaintextFileStorage } from "./plaintext-file-storage.js";

export interface StorageRequest {
  files: CacheFiles;
  /** The cache name; the keyring account. */
  name: string;
  plaintext: boolean;
  platform?: NodeJS.Platform;
}

/** The encrypted store this platform uses. */
export function encryptionFor(platform: NodeJS.Platform): Exclude<CacheEncryption, "plaintext"> {
  if (platform === "win32") return "dpapi";
  if (platform === "darwin") return "keychain";
  return "libsecret";
}

/** Returns verified storage for `request`, loading only the native binding of the chosen store. */
export async function selectCacheStorage(
  request: StorageRequest,
  bindings: CacheBindings = defaultCacheBindings,
): Promise<CacheStorage> {
  if (request.plaintext) {
    const storage = new PlaintextFileStorage(request.files.plaintext);
    await storage.verify();
    log("info", "token-cache", `using a plaintext token cache (opted in): ${storage.location}`);
    return storage;
  }
  const platform = request.platform ?? process.platform;
  const encryption = encryptionFor(platform);
  const storage =
    encryption === "dpapi"
      ? new DpapiFileStorage(request.files.dpapi, await load(bindings.dpapi, encryption, platform))
      : new KeyringStorage({
          encryption,
          keyring: await load(bindings.keyring, encryption, platform),
          account: request.name,
        });
  await storage.verify();
  log("debug", "token-cache", `using ${storage.describe()}`);
  return storage;
}

async function load<T>(
  loader: () => Promise<T>,
  encryption: ReturnType<typeof encryptionFor>,
  platform: NodeJS.Platform,
): Promise<T> {
  try {
    return await loader();
  } catch (error) {
    throw moduleUnavailable(encryption, error, { platform, arch: process.arch });
  }
}
