/**
 * The cache as one keyring item (Secret Service on Linux, Keychain on macOS): service "entra-mcp",
 * account = cache name. A keyring item is replaced atomically by the keyring itself; the plugin's
 * lockfile orders the writers, and every access reloads under that lock, so no change marker is kept.
 */
import { randomBytes } from "node:crypto";
import type { KeyringBinding, KeyringEntry } from "./cache-bindings.js";
import {
  asideSuffix,
  CacheDataUnreadableError,
  type CacheEncryption,
  type CacheStorage,
} from "./cache-storage.js";
import { storeUnavailable } from "./cache-unavailable.js";

export const KEYRING_SERVICE = "entra-mcp";

type KeyringEncryption = Extract<CacheEncryption, "libsecret" | "keychain">;

export interface KeyringStorageOptions {
  encryption: KeyringEncryption;
  keyring: KeyringBinding;
  account: string;
}

export class KeyringStorage implements CacheStorage {
  readonly encryption: KeyringEncryption;
  readonly location: string;
  private readonly keyring: KeyringBinding;
  private readonly account: string;
  private readonly item: string;
  private entry: KeyringEntry | undefined;

  constructor(options: KeyringStorageOptions) {
    this.encryption = options.encryption;
    this.keyring = options.keyring;
    this.account = options.account;
    this.item = `item ${KEYRING_SERVICE}/${options.account}`;
    const store = options.encryption === "libsecret" ? "Secret Service" : "Keychain";
    this.location = `${store} item ${KEYRING_SERVICE}/${options.account}`;
  }

  async load(): Promise<string | null> {
    const entry = this.open();
    let data: string | null;
    try {
      data = await entry.getPassword();
    } catch (error) {
      if (await isNotUtf8(entry)) {
        throw new CacheDataUnreadableError("the keyring item is not valid UTF-8", { cause: error });
      }
      throw storeUnavailable(this.encryption, `could not read ${this.item}`, error);
    }
    return data ? data : null;
  }

  async save(data: string): Promise<void> {
    const entry = this.open();
    try {
      await entry.setPassword(data);
    } catch (error) {
      throw storeUnavailable(this.encryption, `could not write ${this.item}`, error);
    }
  }

  /** Copies the unreadable item, byte for byte, to `<account>.corrupt-<timestamp>` and deletes the original. */
  async quarantine(): Promise<string> {
    const entry = this.open();
    const data = await entry.getSecret();
    const asideAccount = `${this.account}.${asideSuffix()}`;
    if (data !== null) await this.openAccount(asideAccount).setSecret(Uint8Array.from(data));
    await entry.deletePassword();
    return `${KEYRING_SERVICE}/${asideAccount}`;
  }

  async remove(): Promise<void> {
    await this.open().deletePassword();
  }

  /**
   * Proves the keyring works without touching anything another process uses. Reading the real item
   * is not enough: with no unlocked collection, Secret Service reads return null and only writes fail.
   * So, unless the real item already reads back, write/read/delete a per-process probe item
   * (msal-node-extensions' verifyPersistence used one fixed item that concurrent servers trampled).
   */
  async verify(): Promise<void> {
    // An item that is there but undecodable still proves reads work; the plugin moves it aside.
    const existing = await this.load().catch((error: unknown) => {
      if (error instanceof CacheDataUnreadableError) return "unreadable";
      throw error;
    });
    if (existing !== null) return;
    const probeAccount = `${this.account}.probe-${process.pid}-${randomBytes(6).toString("hex")}`;
    const value = `probe-${randomBytes(8).toString("hex")}`;
    let probe: KeyringEntry | undefined;
    try {
      probe = this.openAccount(probeAccount);
      await probe.setPassword(value);
      const readBack = await probe.getPassword();
      if (readBack !== value) throw new Error("a test item was written but did not read back");
    } catch (error) {
      throw storeUnavailable(this.encryption, "did not accept a test item", error);
    } finally {
      await probe?.deletePassword().catch(() => undefined);
    }
  }

  describe(): string {
    return `${this.encryption} ${this.location}`;
  }

  private open(): KeyringEntry {
    try {
      this.entry ??= this.openAccount(this.account);
    } catch (error) {
      throw storeUnavailable(this.encryption, `could not open ${this.item}`, error);
    }
    return this.entry;
  }

  private openAccount(account: string): KeyringEntry {
    return this.keyring.openEntry(KEYRING_SERVICE, account);
  }
}

// keyring-rs reports undecodable items with a message only; decoding the raw bytes ourselves tells
// "not UTF-8" (a corrupt cache, moved aside) from "the keyring failed" (reported, fix given).
async function isNotUtf8(entry: KeyringEntry): Promise<boolean> {
  let bytes: ArrayLike<number> | null;
  try {
    bytes = await entry.getSecret();
  } catch {
    return false;
  }
  if (bytes === null) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(bytes));
    return false;
  } catch {
    return true;
  }
}
