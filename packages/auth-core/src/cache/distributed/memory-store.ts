/**
 * The embedded default (no ENTRA_MCP_REDIS_URL): sealed entries in a bounded in-process map, so a
 * single replica keeps its users' tokens across MSAL app evictions, with the same code path as Redis.
 */
import type { KeyValueStore } from "./key-value-store.js";

export function memoryStore(maxEntries = 10_000): KeyValueStore {
  const entries = new Map<string, { value: string; expiresAt: number }>();
  return {
    kind: "memory",
    async get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= Date.now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    async set(key, value, ttlSec) {
      entries.delete(key);
      entries.set(key, { value, expiresAt: Date.now() + ttlSec * 1000 });
      // Oldest write first out (Map keeps insertion order).
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    },
    async close() {
      entries.clear();
    },
  };
}
