/**
 * `createDistributedTokenCache(options)`: MSAL token caches partitioned per user and mode, shared by
 * every replica through Redis (or, without a Redis URL, kept in this process), sealed with AES-256-GCM.
 * Each partition is MSAL's own DistributedCachePlugin with a fixed partition key; see obo/ for why
 * each user gets their own MSAL application.
 */
import type { KeyObject } from "node:crypto";
import type { ICachePlugin } from "@azure/msal-node";
import { encryptedCacheClient } from "./encrypted-cache-client.js";
import type { KeyValueStore } from "./key-value-store.js";
import { memoryStore } from "./memory-store.js";
import { redisStore } from "./redis-store.js";
import { toCacheKey } from "./sealed-entry.js";
import { StoreHealth } from "./store-health.js";

export type CacheMode = "obo" | "app";

export interface CachePartition {
  /** The app whose tokens these are (one Redis can serve several apps). */
  clientId: string;
  mode: CacheMode;
  /** `oid.tid` of the user (obo), or the tenant (app). */
  id: string;
}

export interface DistributedTokenCache {
  readonly kind: "redis" | "memory";
  /** MSAL's cache plugin for one partition; hand it to exactly one MSAL application. */
  pluginFor(partition: CachePartition): ICachePlugin;
  /** The store key a partition lives under (for diagnostics and tests). */
  keyOf(partition: CachePartition): string;
  close(): Promise<void>;
}

export interface DistributedTokenCacheOptions {
  /** redis:// or rediss:// URL; an in-memory cache when omitted. */
  redisUrl?: string;
  /** 32 bytes (AES-256-GCM). Required: never a default. */
  encryptionKey: KeyObject | Buffer;
  /** Deadline of one Redis command (default 250 ms). */
  commandTimeoutMs?: number;
  /** Lifetime of a partition after its last write, in seconds (default 86,400). */
  ttlSec?: number;
  /** Prefix of every key (default "entra-mcp:tokens:"). */
  keyPrefix?: string;
  /** How long to leave a failing Redis alone before trying again, in ms (default 1,000). */
  outagePauseMs?: number;
}

const PARTITION_ID = /^[0-9a-f-]{36}(\.[0-9a-f-]{36})?$/i;

export async function createDistributedTokenCache(
  options: DistributedTokenCacheOptions,
): Promise<DistributedTokenCache> {
  const key = toCacheKey(options.encryptionKey);
  // Loaded here, not at import: the barrel must not pull MSAL into a process that never needs it.
  const { DistributedCachePlugin } = await import("@azure/msal-node");
  const prefix = options.keyPrefix ?? "entra-mcp:tokens:";
  const ttlSec = options.ttlSec ?? 86_400;
  const describe = options.redisUrl
    ? `Redis at ${safeOrigin(options.redisUrl)}`
    : "the in-memory token cache";
  const health = new StoreHealth(describe, options.outagePauseMs ?? 1000);
  const store: KeyValueStore = options.redisUrl
    ? await redisStore({
        url: options.redisUrl,
        ...(options.commandTimeoutMs ? { commandTimeoutMs: options.commandTimeoutMs } : {}),
        onError: (error) => health.failed(error),
      })
    : memoryStore();
  const client = encryptedCacheClient(store, key, health, ttlSec);
  const keyOf = (partition: CachePartition) => {
    // Ids come from validated tokens; the check keeps anything else out of the key space.
    if (!PARTITION_ID.test(partition.id)) throw new Error(`not a partition id: ${partition.id.slice(0, 80)}`);
    return `${prefix}${partition.clientId.toLowerCase()}:${partition.mode}:${partition.id.toLowerCase()}`;
  };
  return {
    kind: store.kind,
    keyOf,
    pluginFor(partition) {
      const storeKey = keyOf(partition);
      return new DistributedCachePlugin(client, {
        getKey: async () => storeKey,
        extractKey: async () => storeKey,
      });
    },
    close: () => store.close(),
  };
}

/** The Redis URL without its password (rediss://user:secret@host:6380 -> rediss://host:6380). */
function safeOrigin(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return "the configured Redis";
  }
}
