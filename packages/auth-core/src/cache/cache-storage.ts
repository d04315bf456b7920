/**
 * Where the serialized MSAL cache is kept. The plugin holds the cross-process lock around every
 * call, so implementations need no locking of their own; file-backed ones must still replace
 * atomically so that a crash mid-write never leaves half a cache behind.
 */
import { randomBytes } from "node:crypto";

/**
 * How the persisted cache is protected at rest. "libsecret" means the Secret Service (over D-Bus);
 * the name predates @napi-rs/keyring and stays because status output reports it.
 */
export type CacheEncryption = "dpapi" | "keychain" | "libsecret" | "plaintext";

export interface CacheStorage {
  readonly encryption: CacheEncryption;
  /** A file path, or the keyring entry, for status output and messages. Never secret. */
  readonly location: string;
  /** The stored cache, or null if there is none yet. Throws CacheDataUnreadableError for undecodable data. */
  load(): Promise<string | null>;
  /** Replaces the stored cache with `data`. */
  save(data: string): Promise<void>;
  /** Moves the current (corrupt) contents aside under a timestamped name and returns that name. */
  quarantine(): Promise<string>;
  /** Deletes the stored cache (sign-out, test clean-up). */
  remove(): Promise<void>;
  /** Throws CACHE_UNAVAILABLE (with the fix) unless this storage works right now. */
  verify(): Promise<void>;
  /** One line for logs: what and where. */
  describe(): string;
}

/** Storage found data it cannot decode (e.g. DPAPI decryption failed): treated like a corrupt cache. */
export class CacheDataUnreadableError extends Error {
  override readonly name = "CacheDataUnreadableError";
}

/**
 * `corrupt-<timestamp>-<random>`: safe in file names on every OS (no ":"), and unique even for two
 * corrupt caches moved aside within the same millisecond (the second must not replace the first).
 */
export function asideSuffix(now: Date = new Date()): string {
  return `corrupt-${now.toISOString().replace(/[:.]/g, "-")}-${randomBytes(3).toString("hex")}`;
}
