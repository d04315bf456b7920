/** Where sealed cache entries live: Redis when configured, process memory otherwise. */
export interface KeyValueStore {
  readonly kind: "redis" | "memory";
  /** The stored value, undefined on a miss; rejects when the store is unavailable. */
  get(key: string): Promise<string | undefined>;
  /** Stores `value` for `ttlSec` seconds; rejects when the store is unavailable. */
  set(key: string, value: string, ttlSec: number): Promise<void>;
  close(): Promise<void>;
}
