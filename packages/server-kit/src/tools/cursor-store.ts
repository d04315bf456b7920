/**
 * What a cursor needs to resume without asking the API again: the items of pages already fetched
 * but not yet returned (cut by the byte budget or the item cap), the nextLink after them, and the
 * pages this listing has visited (to catch paging loops across calls). Kept in memory, keyed by a
 * random id inside the signed cursor, and bounded by entries, bytes and age: when an entry is gone
 * the cursor falls back to the page URL and offset it also carries, which costs one refetch.
 */
import { randomBytes } from "node:crypto";
import { currentRequest } from "../auth/request-context.js";

/** One item not yet returned, with where it came from (for a fallback cursor). */
export interface PendingItem {
  value: unknown;
  /** The GET URL of the page it came from; undefined when that page was not a GET. */
  pageUrl: string | undefined;
  /** Its index in that page. */
  index: number;
}

export interface StoredListing {
  api: string;
  environment: string | undefined;
  field: string;
  /** The list response's other fields (cleaned later with the rest). */
  rest: Record<string, unknown>;
  pending: PendingItem[];
  /** The next page's link after the pending items (checked again before use), if any. */
  next: string | undefined;
  /** Base URL the link is relative to. */
  base: string;
  /** Page URLs fetched in this listing so far. */
  seen: string[];
}

export interface CursorStoreLimits {
  entries: number;
  bytes: number;
  ttlMs: number;
}

// Enough for a few models walking a few long lists at once; each entry is at most a few pages.
const DEFAULT_LIMITS: CursorStoreLimits = { entries: 64, bytes: 8 * 1024 * 1024, ttlMs: 30 * 60_000 };
/** Visited pages remembered per listing: enough to see a loop, never a growing list. */
export const MAX_SEEN = 200;

interface Entry {
  listing: StoredListing;
  bytes: number;
  expires: number;
  /** Hosted mode: the user whose items these are (another user's cursor falls back to refetching). */
  owner: string | undefined;
}

/** The caller of the current hosted request, if any (stdio: one user per process, no owner). */
function owner(): string | undefined {
  const user = currentRequest()?.user;
  return user ? `${user.tid}/${user.oid}` : undefined;
}

export class CursorStore {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private readonly limits: CursorStoreLimits;

  constructor(limits: CursorStoreLimits = DEFAULT_LIMITS) {
    this.limits = limits;
  }

  /** Stores a listing and returns its key; the oldest entries go first when a bound is reached. */
  put(listing: StoredListing, now = Date.now()): string | undefined {
    const bytes = approximateBytes(listing);
    if (bytes > this.limits.bytes / 4) return undefined;
    const key = randomBytes(12).toString("base64url");
    this.entries.set(key, { listing, bytes, expires: now + this.limits.ttlMs, owner: owner() });
    this.bytes += bytes;
    for (const [oldKey, entry] of this.entries) {
      const over = this.entries.size > this.limits.entries || this.bytes > this.limits.bytes;
      if (!over && entry.expires > now) break;
      this.delete(oldKey);
    }
    return key;
  }

  /** The listing for `key`, if still held (it stays: a model may use a cursor twice). */
  get(key: string, now = Date.now()): StoredListing | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.owner !== owner()) return undefined;
    if (entry.expires <= now) {
      this.delete(key);
      return undefined;
    }
    return entry.listing;
  }

  get size(): number {
    return this.entries.size;
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.bytes -= entry.bytes;
    this.entries.delete(key);
  }
}

function approximateBytes(listing: StoredListing): number {
  return Buffer.byteLength(JSON.stringify(listing) ?? "", "utf8");
}

/** The process's store (cursors are per process anyway: their signing key is). */
export const cursorStore = new CursorStore();
