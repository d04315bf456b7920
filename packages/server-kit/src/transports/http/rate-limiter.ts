/**
 * A per-user token bucket: each user may send `perMinute` requests a minute, all at once if they like,
 * refilled continuously. In memory, per replica: a user spread over N replicas gets up to N times the
 * allowance, which bounds a runaway client without needing shared state. The map is bounded: the
 * oldest users are forgotten first (a forgotten user simply starts with a full bucket).
 */

interface Bucket {
  tokens: number;
  updated: number;
}

const MAX_USERS = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(private readonly perMinute: number) {
    this.perMs = perMinute / 60_000;
  }

  /** Takes one request from `key`'s bucket; when empty, the seconds until one is available. */
  take(key: string, now = Date.now()): { ok: true } | { ok: false; retryAfterSeconds: number } {
    let bucket = this.buckets.get(key);
    if (bucket) {
      this.buckets.delete(key);
      bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.updated) * this.perMs);
      bucket.updated = now;
    } else {
      bucket = { tokens: this.perMinute, updated: now };
      if (this.buckets.size >= MAX_USERS) {
        const oldest = this.buckets.keys().next().value;
        if (oldest !== undefined) this.buckets.delete(oldest);
      }
    }
    // Re-inserted: the Map's order is least recently used first.
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000)) };
  }
}
