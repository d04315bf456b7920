/**
 * Sealed entries in Redis through ioredis, built so that a sick Redis never stalls a tool call:
 * no offline queue (a command while disconnected fails at once), every command bounded by a short
 * timeout, no per-request retries, and reconnection in the background so the cache recovers by itself
 * when Redis returns. The caller turns every failure into a cache miss.
 */
import type { Redis, RedisOptions } from "ioredis";
import type { KeyValueStore } from "./key-value-store.js";

export interface RedisStoreOptions {
  url: string;
  /** Deadline of one command, and of waiting for a connection before it (default 250 ms). */
  commandTimeoutMs?: number;
  /** Called with every connection error (the health tracker decides what to log). */
  onError?: (error: Error) => void;
}

export async function redisStore(options: RedisStoreOptions): Promise<KeyValueStore> {
  // ioredis is CommonJS. Under Node its dynamic import has the named export; in the published bundle
  // (esbuild with code splitting) the chunk exports only `default` (module.exports, the Redis class,
  // which also carries .Redis), so without the fallback the bundled server cannot start with Redis.
  const ioredis = await import("ioredis");
  const Redis = ioredis.Redis ?? (ioredis as unknown as { default: typeof ioredis }).default.Redis;
  const timeoutMs = options.commandTimeoutMs ?? 250;
  const settings: RedisOptions = {
    lazyConnect: true,
    enableOfflineQueue: false,
    commandTimeout: timeoutMs,
    connectTimeout: Math.max(timeoutMs * 4, 1000),
    maxRetriesPerRequest: 0,
    // Reconnect forever, backing off to 2 s: Redis coming back is picked up without a restart.
    retryStrategy: (attempt) => Math.min(100 * attempt, 2000),
  };
  const client: Redis = new Redis(options.url, settings);
  // Without a listener ioredis reports connection errors as unhandled 'error' events.
  client.on("error", (error: Error) => options.onError?.(error));
  client.connect().catch(() => undefined);

  // One listener per connection attempt, however many calls wait for it.
  let connected: Promise<void> | undefined;
  const nextReady = () => {
    connected ??= new Promise<void>((resolve) => {
      client.once("ready", () => {
        connected = undefined;
        resolve();
      });
    });
    return connected;
  };
  const ready = async () => {
    if (client.status === "ready") return;
    // Known to be down (between reconnection attempts, or closed): fail at once, it is a miss.
    if (client.status !== "connecting" && client.status !== "connect" && client.status !== "wait")
      throw new Error(`Redis is not connected (status ${client.status})`);
    // A connection being made (first use, or a reconnection attempt): wait, at most one command's time.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Redis is not connected (status ${client.status})`)),
        timeoutMs,
      );
    });
    try {
      await Promise.race([nextReady(), late]);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    kind: "redis",
    async get(key) {
      await ready();
      return (await client.get(key)) ?? undefined;
    },
    async set(key, value, ttlSec) {
      await ready();
      await client.set(key, value, "EX", ttlSec);
    },
    async close() {
      client.disconnect(false);
    },
  };
}
