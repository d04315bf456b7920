/**
 * MSAL's ICacheClient (what its DistributedCachePlugin reads and writes) over a KeyValueStore:
 * entries are sealed with AES-256-GCM, and a store that is down, slow or holding an entry that does
 * not open is a cache miss (MSAL then asks Entra ID), never an error.
 */
import type { KeyObject } from "node:crypto";
import type { ICacheClient } from "@azure/msal-node";
import { log } from "../../logger.js";
import type { KeyValueStore } from "./key-value-store.js";
import { open, seal } from "./sealed-entry.js";
import { slimForStorage } from "./slim-cache.js";
import type { StoreHealth } from "./store-health.js";

export function encryptedCacheClient(
  store: KeyValueStore,
  key: KeyObject,
  health: StoreHealth,
  ttlSec: number,
): ICacheClient {
  // MSAL reads a partition more than once per token request (our account lookup, then its own), so
  // the same bad entry would warn twice per call; one warning per bad value of a key is enough.
  // Bounded: only the last 1,000 keys, and only the value's tail (it differs whenever the value does).
  const reported = new Map<string, string>();
  const firstReport = (storeKey: string, sealed: string): boolean => {
    const tail = sealed.slice(-32);
    if (reported.get(storeKey) === tail) return false;
    reported.delete(storeKey);
    reported.set(storeKey, tail);
    if (reported.size > 1000) reported.delete(reported.keys().next().value as string);
    return true;
  };
  return {
    async get(storeKey) {
      if (!health.usable) return "";
      let sealed: string | undefined;
      try {
        sealed = await store.get(storeKey);
        health.succeeded();
      } catch (error) {
        health.failed(error);
        return "";
      }
      if (sealed === undefined) return "";
      const plaintext = open(sealed, key, storeKey);
      if (plaintext === undefined) {
        if (!firstReport(storeKey, sealed)) return "";
        log(
          "warn",
          "token-cache",
          `the cache entry ${storeKey} does not decrypt (tampered, moved from another key, or sealed with another key); treating it as a miss.`,
        );
        return "";
      }
      return plaintext;
    },
    async set(storeKey, value) {
      if (!health.usable) return "";
      try {
        await store.set(storeKey, seal(slimForStorage(value), key, storeKey), ttlSec);
        health.succeeded();
      } catch (error) {
        health.failed(error);
      }
      return "";
    },
  };
}
