/**
 * The two native bindings behind the encrypted cache, as structural types: a keyring entry
 * (@napi-rs/keyring on Linux and macOS) and DPAPI protect/unprotect (Windows). Each is loaded on
 * its own, only when its store is chosen, so a missing or broken keyring binding never affects
 * DPAPI and neither costs start-up time. Tests pass fakes of these shapes instead of patching imports.
 */
import { loadDpapiBinding } from "./dpapi-binding.js";
import { loadKeyringBinding } from "./keyring-binding.js";

/** One keyring item (service + account), as @napi-rs/keyring's AsyncEntry exposes it. */
export interface KeyringEntry {
  /** Null if there is no item. Rejects if the item is not valid UTF-8. */
  getPassword(): Promise<string | null>;
  setPassword(password: string): Promise<void>;
  /** The raw bytes, for data that is not valid UTF-8. */
  getSecret(): Promise<ArrayLike<number> | null>;
  setSecret(secret: Uint8Array): Promise<void>;
  /** False if there was no item. */
  deletePassword(): Promise<boolean>;
}

export interface KeyringBinding {
  /** Throws (synchronously) when no keyring can be reached, e.g. without a D-Bus session. */
  openEntry(service: string, account: string): KeyringEntry;
}

export type DpapiScope = "CurrentUser" | "LocalMachine";

/** CryptProtectData / CryptUnprotectData, as msal-node-extensions' dpapi.node exports them. */
export interface DpapiBinding {
  protectData(data: Uint8Array, entropy: Uint8Array | null, scope: DpapiScope): Uint8Array;
  unprotectData(data: Uint8Array, entropy: Uint8Array | null, scope: DpapiScope): Uint8Array;
}

/** Loaders, called only for the store actually chosen. */
export interface CacheBindings {
  keyring(): Promise<KeyringBinding>;
  dpapi(): Promise<DpapiBinding>;
}

export const defaultCacheBindings: CacheBindings = {
  keyring: loadKeyringBinding,
  dpapi: loadDpapiBinding,
};
