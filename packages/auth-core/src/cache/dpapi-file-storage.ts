/**
 * Windows: the cache in a file encrypted with DPAPI for the current user (the same bytes
 * msal-node-extensions' FilePersistenceWithDataProtection writes: the raw DPAPI blob, no entropy).
 * Encrypted in memory, then written to a temp file and renamed over the cache, so a crash never
 * leaves half a file.
 */
import { randomBytes } from "node:crypto";
import { readFile, rm, unlink } from "node:fs/promises";
import { moveAside, tempPathFor, writeFileAtomic } from "./atomic-file.js";
import type { DpapiBinding } from "./cache-bindings.js";
import { CacheDataUnreadableError, type CacheStorage } from "./cache-storage.js";
import { storeUnavailable } from "./cache-unavailable.js";
import { errorCode } from "./lock-file.js";

const SCOPE = "CurrentUser";

export class DpapiFileStorage implements CacheStorage {
  readonly encryption = "dpapi" as const;
  readonly location: string;
  private readonly dpapi: DpapiBinding;

  constructor(path: string, dpapi: DpapiBinding) {
    this.location = path;
    this.dpapi = dpapi;
  }

  async load(): Promise<string | null> {
    let encrypted: Buffer;
    try {
      encrypted = await readFile(this.location);
    } catch (error) {
      if (errorCode(error) === "ENOENT") return null;
      throw storeUnavailable("dpapi", `could not read ${this.location}`, error);
    }
    if (encrypted.length === 0) return null;
    try {
      return this.decrypt(encrypted);
    } catch (error) {
      // The file exists but does not decrypt for this user: as good as corrupt.
      throw new CacheDataUnreadableError("the file could not be decrypted with DPAPI for this user", {
        cause: error,
      });
    }
  }

  async save(data: string): Promise<void> {
    let encrypted: Uint8Array;
    try {
      encrypted = this.encrypt(data);
    } catch (error) {
      throw storeUnavailable("dpapi", "could not encrypt the cache", error);
    }
    try {
      await writeFileAtomic(this.location, encrypted);
    } catch (error) {
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

  /** Encrypts, writes, reads and decrypts a value in a per-process probe file (never a shared name). */
  async verify(): Promise<void> {
    const probePath = tempPathFor(`${this.location}.probe`);
    const value = `probe-${randomBytes(8).toString("hex")}`;
    try {
      await writeFileAtomic(probePath, this.encrypt(value));
      if (this.decrypt(await readFile(probePath)) !== value)
        throw new Error("a test value was encrypted but did not decrypt");
    } catch (error) {
      throw storeUnavailable("dpapi", "could not encrypt a test value", error);
    } finally {
      await rm(probePath, { force: true }).catch(() => undefined);
    }
  }

  describe(): string {
    return `DPAPI-encrypted file ${this.location}`;
  }

  private encrypt(data: string): Uint8Array {
    return this.dpapi.protectData(Buffer.from(data, "utf8"), null, SCOPE);
  }

  private decrypt(encrypted: Uint8Array): string {
    return Buffer.from(this.dpapi.unprotectData(encrypted, null, SCOPE)).toString("utf8");
  }
}
