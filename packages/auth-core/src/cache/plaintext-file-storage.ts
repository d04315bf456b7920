/**
 * Plaintext cache file, used only when the user opted in (ENTRA_MCP_CACHE_PLAINTEXT=true): our own
 * storage rather than msal-node-extensions' FilePersistence, whose writes are not atomic.
 * File 0600 in a 0700 directory, replaced atomically.
 */
import { constants } from "node:fs";
import { access, readFile, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { TokenCacheError } from "../errors.js";
import { log } from "../logger.js";
import { moveAside, tightenFileMode, writeFileAtomic } from "./atomic-file.js";
import type { CacheStorage } from "./cache-storage.js";
import { errorCode } from "./lock-file.js";

export class PlaintextFileStorage implements CacheStorage {
  readonly encryption = "plaintext" as const;
  readonly location: string;

  constructor(path: string) {
    this.location = path;
  }

  async load(): Promise<string | null> {
    try {
      if (await tightenFileMode(this.location)) {
        log("warn", "token-cache", `${this.location} was readable by other users; set it to 0600`);
      }
      return await readFile(this.location, "utf8");
    } catch (error) {
      if (errorCode(error) === "ENOENT") return null;
      throw this.ioError("read", error);
    }
  }

  async save(data: string): Promise<void> {
    try {
      await writeFileAtomic(this.location, data);
    } catch (error) {
      throw this.ioError("write", error);
    }
  }

  async quarantine(): Promise<string> {
    return moveAside(this.location);
  }

  async remove(): Promise<void> {
    await unlink(this.location).catch((error: unknown) => {
      if (errorCode(error) !== "ENOENT") throw this.ioError("delete", error);
    });
  }

  async verify(): Promise<void> {
    try {
      await access(dirname(this.location), constants.W_OK);
    } catch (error) {
      throw this.ioError("create", error);
    }
  }

  describe(): string {
    return `plaintext file ${this.location}`;
  }

  private ioError(action: string, error: unknown): TokenCacheError {
    return new TokenCacheError(
      "CACHE_UNAVAILABLE",
      `Cannot ${action} the token cache file ${this.location} (${errorCode(error) ?? "error"}).`,
      {
        cause: error,
        fix: "make the cache directory writable by this user, or set ENTRA_MCP_CACHE_DIR to one that is.",
      },
    );
  }
}
