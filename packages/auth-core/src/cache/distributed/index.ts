/** The distributed cache room's door: MSAL token caches per user, in Redis or in memory, sealed. */

export { loadCacheEncryptionKey } from "./cache-encryption-key.js";
export type {
  CacheMode,
  CachePartition,
  DistributedTokenCache,
  DistributedTokenCacheOptions,
} from "./distributed-token-cache.js";
export { createDistributedTokenCache } from "./distributed-token-cache.js";
export { openDistributedTokenCache } from "./open-distributed-token-cache.js";
