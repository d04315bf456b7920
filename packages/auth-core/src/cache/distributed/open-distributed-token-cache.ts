/**
 * `openDistributedTokenCache(config, env)`: the cache a hosted server uses, from ENTRA_MCP_* settings.
 * Redis when ENTRA_MCP_REDIS_URL is set (with the configured key: ENTRA_MCP_CACHE_KEY_SECRET or
 * ENTRA_MCP_CACHE_KEY); otherwise the embedded in-memory cache, sealed with a random key that lives
 * and dies with this process (it protects nothing at rest, there being no rest, and is never reused).
 */
import { randomBytes } from "node:crypto";
import type { TokenCredential } from "@azure/identity";
import type { AuthConfig } from "../../config/load-auth-config.js";
import { ConfigError } from "../../errors.js";
import { loadCacheEncryptionKey } from "./cache-encryption-key.js";
import { createDistributedTokenCache, type DistributedTokenCache } from "./distributed-token-cache.js";

export async function openDistributedTokenCache(
  config: AuthConfig,
  env: NodeJS.ProcessEnv = process.env,
  options: { credential?: TokenCredential } = {},
): Promise<DistributedTokenCache> {
  const redisUrl = env.ENTRA_MCP_REDIS_URL?.trim();
  if (!redisUrl) return createDistributedTokenCache({ encryptionKey: randomBytes(32) });
  let url: URL | undefined;
  try {
    url = new URL(redisUrl);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "redis:" && url.protocol !== "rediss:"))
    throw new ConfigError("CONFIG_INVALID", "ENTRA_MCP_REDIS_URL is not a redis:// or rediss:// URL.", {
      fix: "set it like rediss://:<password>@my-cache.redis.cache.windows.net:6380, or unset it for the in-memory cache.",
    });
  const encryptionKey = await loadCacheEncryptionKey(config, env, options.credential);
  return createDistributedTokenCache({ redisUrl, encryptionKey });
}
