/**
 * The cache as one keyring item (libsecret on Linux, Keychain on macOS) through msal-node-extensions'
 * persistence classes: service "entra-mcp", account = cache name. A keyring item is replaced
 * atomically by the keyring itself; the plugin's lockfile orders the writers.
 */
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { asideSuffix, type CacheEncryption, type CacheStorage } from "./cache-storage.js";
import { storeUnavailable } from "./cache-unavailable.js";
import type { PersistenceEntry, PersistenceModule } from "./persistence-module.js";

export const KEYRING_SERVICE = "entra-mcp";

type KeyringEncryption = Extract<CacheEncryption, "libsecret" | "keychain">;

export interface KeyringStorageOptions {
  encryption: KeyringEncryption;
  module: PersistenceModule;
  /** Directory for the marker files msal-node-extensions keeps beside each item. */
  dir: string;
  account: string;
}

export class KeyringStorage implements CacheStorage {
  readonly encryption: KeyringEncryption;
  readonly location: string;
  private readonly module: PersistenceModule;
  private readonly dir: string;
  private readonly account: string;
  private readonly item: string;
  private entry: Promise<PersistenceEntry> | undefined;

  constructor(options: KeyringStorageOptions) {
    this.encryption = options.encryption;
    this.module = options.module;
    this.dir = options.dir;
    this.account = options.account;
    this.item = `item ${KEYRING_SERVICE}/${options.account}`;
    const store = options.encryption === "libsecret" ? "Secret Service" : "Keychain";
    this.location = `${store} item ${KEYRING_SERVICE}/${options.account}`;
  }

  async load(): Promise<string | null> {
    const entry = await this.open();
    try {
      const data = await entry.load();
      return data ? data : null;
    } catch (error) {
      throw storeUnavailable(this.encryption, `could not read ${this.item}`, error);
    }
  }

  async save(data: string): Promise<void> {
    const entry = await this.open();
    try {
      await entry.save(data);
    } catch (error) {
      throw storeUnavailable(this.encryption, `could not write ${this.item}`, error);
    }
  }

  /** Copies the unreadable item to `<account>.corrupt-<timestamp>` and deletes the original. */
  async quarantine(): Promise<string> {
    const entry = await this.open();
    const data = await entry.load();
    const asideAccount = `${this.account}.${asideSuffix()}`;
    const aside = await this.openAccount(asideAccount);
    await aside.save(data ?? "");
    await entry.delete();
    return `${KEYRING_SERVICE}/${asideAccount}`;
  }

  async remove(): Promise<void> {
    const entry = await this.open();
    await entry.delete();
  }

  /**
   * Proves the keyring works without touching anything another process uses. Reading the real item
   * is not enough: with no unlocked collection, libsecret reads return null and only writes fail.
   * So, unless the real item already reads back, write/read/delete a per-process probe item
   * (msal-node-extensions' verifyPersistence uses one fixed item that concurrent servers trample).
   */
  async verify(): Promise<void> {
    if ((await this.load()) !== null) return;
    const probeAccount = `${this.account}.probe-${process.pid}-${randomBytes(6).toString("hex")}`;
    const value = `probe-${randomBytes(8).toString("hex")}`;
    let probe: PersistenceEntry | undefined;
    try {
      probe = await this.openAccount(probeAccount);
      await probe.save(value);
      const readBack = await probe.load();
      if (readBack !== value) throw new Error("a test item was written but did not read back");
    } catch (error) {
      throw storeUnavailable(this.encryption, "did not accept a test item", error);
    } finally {
      await probe?.delete().catch(() => undefined);
      await rm(this.markerPath(probeAccount), { force: true }).catch(() => undefined);
    }
  }

  describe(): string {
    return `${this.encryption} ${this.location}`;
  }

  private open(): Promise<PersistenceEntry> {
    this.entry ??= this.openAccount(this.account).catch((error: unknown) => {
      this.entry = undefined;
      throw storeUnavailable(this.encryption, `could not open ${this.item}`, error);
    });
    return this.entry;
  }

  private openAccount(account: string): Promise<PersistenceEntry> {
    const persistence =
      this.encryption === "libsecret" ? this.module.LibSecretPersistence : this.module.KeychainPersistence;
    return persistence.create(this.markerPath(account), KEYRING_SERVICE, account);
  }

  private markerPath(account: string): string {
    return join(this.dir, `${account}.keyring-marker`);
  }
}
