/**
 * MSAL cache plugin = storage + lock + change check. MSAL calls beforeCacheAccess/afterCacheAccess
 * around every cache read (cacheHasChanged false) and write (true). For a write the lock is held
 * from before to after, so the reload, MSAL's change and the save form one critical section
 * across all processes: nothing another process saved in between can be lost.
 *
 * A failed load fails the token call (MSAL would otherwise work from a cache it could not read).
 * A failed save does not: the token is already in MSAL's memory, so the plugin warns once per
 * outage, keeps the unsaved changes in memory while no other process writes the store, and
 * retries the save on the next access.
 */
import type { ICachePlugin, TokenCacheContext } from "@azure/msal-node";
import { EntraMcpError, TokenCacheError } from "../errors.js";
import { log } from "../logger.js";
import { CacheDataUnreadableError, type CacheEncryption, type CacheStorage } from "./cache-storage.js";
import { storeFix } from "./cache-unavailable.js";
import type { CrossProcessLock } from "./cross-process-lock.js";
import type { HeldLock } from "./held-lock.js";

/** What MSAL's serializer writes for an empty cache; deserializing it clears the in-memory cache. */
export const EMPTY_MSAL_CACHE =
  '{"Account":{},"IdToken":{},"AccessToken":{},"RefreshToken":{},"AppMetadata":{}}';

export class PersistentTokenCachePlugin implements ICachePlugin {
  readonly location: string;
  readonly encryption: CacheEncryption;
  private readonly storage: CacheStorage;
  private readonly lock: CrossProcessLock;
  /** The write access currently holding the lock (MSAL creates one context per access). */
  private holder: { context: TokenCacheContext; lock: HeldLock } | undefined;
  /** Exactly what was last loaded or saved, to skip saves that would change nothing. */
  private lastPersisted: string | null = null;
  /** MSAL's memory holds changes whose save failed; the store still holds `lastPersisted`. */
  private unsaved = false;
  /** A save failed and was reported; cleared by the next successful save (one warning per outage). */
  private saveFailing = false;

  constructor(storage: CacheStorage, lock: CrossProcessLock) {
    this.storage = storage;
    this.lock = lock;
    this.location = storage.location;
    this.encryption = storage.encryption;
  }

  async beforeCacheAccess(context: TokenCacheContext): Promise<void> {
    // Concurrent accesses of this process queue inside acquire(), so at most one holder exists.
    const lock = await this.lock.acquire();
    let keepLock = false;
    try {
      // Always reload under the lock: a timestamp check taken before locking (as the extension does)
      // misses writes that land in between.
      await this.reload(context);
      keepLock = context.cacheHasChanged;
      // A read access retries a failed save now, while it holds the lock; a write saves afterwards.
      if (this.unsaved && !keepLock) await this.save(context.tokenCache.serialize());
    } finally {
      if (keepLock) this.holder = { context, lock };
      else await lock.release();
    }
  }

  async afterCacheAccess(context: TokenCacheContext): Promise<void> {
    // Reads released the lock in beforeCacheAccess; a failed beforeCacheAccess holds nothing either.
    const holder = this.holder;
    if (holder?.context !== context) return;
    this.holder = undefined;
    try {
      if (context.cacheHasChanged) {
        const data = context.tokenCache.serialize();
        if (data !== (this.lastPersisted ?? EMPTY_MSAL_CACHE)) await this.save(data);
      }
    } finally {
      await holder.lock.release();
    }
  }

  // Never throws: the token MSAL just got is in its memory, and failing the call would only make
  // the caller ask for it again. The next access, read or write, retries the save.
  private async save(data: string): Promise<void> {
    try {
      await this.storage.save(data);
    } catch (error) {
      this.unsaved = true;
      if (this.saveFailing) {
        log("debug", "cache", `saving the token cache to ${this.storage.describe()} failed again`);
        return;
      }
      this.saveFailing = true;
      log(
        "warn",
        "cache",
        `could not save the token cache to ${this.storage.describe()} (${reasonOf(error)}); new tokens are kept in this process's memory only and saving is retried on the next token request. Fix: ${this.saveFix(error)}`,
      );
      return;
    }
    this.lastPersisted = data;
    this.unsaved = false;
    if (this.saveFailing) {
      this.saveFailing = false;
      log("info", "cache", `saving the token cache to ${this.storage.describe()} works again`);
    }
  }

  private saveFix(error: unknown): string {
    if (error instanceof EntraMcpError && error.fix) return error.fix;
    return this.storage.encryption === "plaintext"
      ? "make the cache directory writable by this user, or set ENTRA_MCP_CACHE_DIR to one that is."
      : storeFix(this.storage.encryption);
  }

  private async reload(context: TokenCacheContext): Promise<void> {
    let data: string | null;
    try {
      data = await this.storage.load();
    } catch (error) {
      if (!(error instanceof CacheDataUnreadableError)) throw error;
      data = await this.quarantine(error.message);
    }
    if (data !== null && data.trim() === "") data = null;
    if (this.unsaved) {
      // The store is as we left it: MSAL's memory is that plus our unsaved changes, so keep it
      // (deserializing would drop them); this access saves it all.
      if (data === this.lastPersisted) return;
      // Another process saved meanwhile: its state wins, our unsaved tokens are simply fetched again.
      this.unsaved = false;
      log("debug", "cache", "the token cache changed while our changes were unsaved; dropped them");
    }
    if (data !== null && !isJsonObject(data))
      data = await this.quarantine(`it is not valid JSON (${data.length} bytes)`);
    if (data !== null) {
      try {
        context.tokenCache.deserialize(data);
        this.lastPersisted = data;
        return;
      } catch {
        // MSAL's message could quote cache contents: do not pass it on.
        await this.quarantine("MSAL could not deserialize it");
      }
    }
    // Nothing usable persisted (first run, signed out elsewhere, or quarantined): mirror that.
    context.tokenCache.deserialize(EMPTY_MSAL_CACHE);
    this.lastPersisted = null;
  }

  // Moves an unusable cache aside so the user signs in again instead of failing on every call.
  private async quarantine(reason: string): Promise<null> {
    let aside: string;
    try {
      aside = await this.storage.quarantine();
    } catch (error) {
      throw new TokenCacheError(
        "CACHE_CORRUPT",
        `The token cache ${this.storage.location} is unreadable (${reason}) and could not be moved aside.`,
        { cause: error, fix: `delete ${this.storage.location} and sign in again.` },
      );
    }
    log(
      "warn",
      "token-cache",
      `token cache ${this.storage.location} was unreadable (${reason}); moved it to ${aside} and started with an empty cache, so the next token needs a new sign-in`,
    );
    return null;
  }
}

// The storage's own message (TokenCacheError messages end with their fix, given separately here).
function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const reason = error instanceof EntraMcpError ? text.replace(/ Fix: [\s\S]*$/, "") : text;
  return reason.replace(/\s+/g, " ").trim().slice(0, 300);
}

// Parse errors are deliberately dropped: V8 quotes the offending text in them.
function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}
