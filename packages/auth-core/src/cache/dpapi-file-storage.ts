/**
 * Windows: the cache in a DPAPI-encrypted file (current-user scope) via msal-node-extensions'
 * FilePersistenceWithDataProtection. Its own save writes the file in place, so a crash could leave
 * half a file; we encrypt into a per-write temp file instead and rename it over the cache.
 */
import { randomBytes } from "node:crypto";
import { rm, unlink } from "node:fs/promises";
import { moveAside, renameOver, tempPathFor } from "./atomic-file.js";
import { CacheDataUnreadableError, type CacheStorage } from "./cache-storage.js";
import { storeUnavailable } from "./cache-unavailable.js";
import { errorCode } from "./lock-file.js";
import type { PersistenceEntry, PersistenceModule } from "./persistence-module.js";

export class DpapiFileStorage implements CacheStorage {
  readonly encryption = "dpapi" as const;
  readonly location: string;
  private readonly module: PersistenceModule;

  constructor(path: string, module: PersistenceModule) {
    this.location = path;
    this.module = module;
  }

  async load(): Promise<string | null> {
    let entry: PersistenceEntry;
    try {
      // create() makes an empty file if there is none; an empty file loads as null.
      entry = await this.open(this.location);
    } catch (error) {
      throw storeUnavailable("dpapi", `could not open ${this.location}`, error);
    }
    try {
      return (await entry.load()) || null;
    } catch (error) {
      if (errorCode(error) === "ENOENT" || (error as { errorCode?: unknown }).errorCode === "ENOENT")
        return null;
      // The file exists but does not decrypt for this user: as good as corrupt.
      throw new CacheDataUnreadableError("the file could not be decrypted with DPAPI for this user", {
        cause: error,
      });
    }
  }

  async save(data: string): Promise<void> {
    const temp = tempPathFor(this.location);
    try {
      const entry = await this.open(temp);
      await entry.save(data);
      await renameOver(temp, this.location);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw storeUnavailable("dpapi", `could not write ${this.location}`, error);
    }
  }

  async quarantine(): Promise<string> {
    return moveAside(this.location);
  }

  async remove(): Promise<void> {
    await unlink(this.location).catch((error: unknown) => {
      if (errorCode(error) !== "ENOENT") throw error;
    });
  }

  /** Encrypts and decrypts a value in a per-process probe file (never a shared fixed name). */
  async verify(): Promise<void> {
    const probePath = tempPathFor(`${this.location}.probe`);
    const value = `probe-${randomBytes(8).toString("hex")}`;
    try {
      const probe = await this.open(probePath);
      await probe.save(value);
      if ((await probe.load()) !== value) throw new Error("a test value was encrypted but did not decrypt");
    } catch (error) {
      throw storeUnavailable("dpapi", "could not encrypt a test value", error);
    } finally {
      await rm(probePath, { force: true }).catch(() => undefined);
    }
  }

  describe(): string {
    return `DPAPI-encrypted file ${this.location}`;
  }

  private open(path: string): Promise<PersistenceEntry> {
    return this.module.FilePersistenceWithDataProtection.create(path, "CurrentUser");
  }
}
