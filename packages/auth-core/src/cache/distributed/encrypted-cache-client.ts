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
