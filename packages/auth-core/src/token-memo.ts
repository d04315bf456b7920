/**
 * The hot path: a token already handed out is reused from memory until 5 minutes before expiry (MSAL's
 * own refresh buffer), without taking the cross-process cache lock or touching MSAL at all.
 */
import type { AccountInfo } from "@azure/msal-node";

/** What a provider hands out: an MSAL IssuedToken has these fields too. */
export interface IssuedToken {
  accessToken: string;
  expiresOn: Date | null;
  scopes: string[];
  account?: AccountInfo | null;
}

const REFRESH_BUFFER_MS = 5 * 60 * 1000;

export class TokenMemo {
  private readonly entries = new Map<string, IssuedToken>();

  /** `maxEntries` bounds a memo with many keys (one per user in hosted mode): the oldest goes first. */
  constructor(private readonly maxEntries = Number.POSITIVE_INFINITY) {}

  /** A remembered result for `key` that is still good for more than the buffer, if any. */
  get(key: string, now = Date.now()): IssuedToken | undefined {
    const entry = this.entries.get(key);
    if (entry?.expiresOn && entry.expiresOn.getTime() - now > REFRESH_BUFFER_MS) return entry;
    return undefined;
  }

  set(key: string, result: IssuedToken): void {
    this.entries.delete(key);
    this.entries.set(key, result);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  /** Expiry of every remembered token, for status reports (no token material). */
  expiries(): { key: string; expiresOn: string | undefined }[] {
    return [...this.entries].map(([key, result]) => ({ key, expiresOn: result.expiresOn?.toISOString() }));
  }
}
