/**
 * Where the token cache's key comes from (never a default): ENTRA_MCP_CACHE_KEY, or the Key Vault
 * secret ENTRA_MCP_CACHE_KEY_SECRET names (read from the emulator's vault with the real Azure SDK);
 * bad settings are errors that name the variable and the fix. Without ENTRA_MCP_REDIS_URL the cache is
 * in memory and needs no key.
 */
import { randomBytes } from "node:crypto";
import { type RedisServer, startRedisServer } from "@entra-mcp/test-support";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createDistributedTokenCache,
  createOnBehalfOf,
  loadAuthConfig,
  openDistributedTokenCache,
  setLogSink,
} from "../../src/index.js";
import { inboundUser, tokenRequests } from "../support/obo-setup.js";
import { startTestEmulator, type TestEmulator, useTeammateLogin } from "../support/test-emulator.js";

let t: TestEmulator;
let redis: RedisServer;
beforeAll(async () => {
  [t, redis] = await Promise.all([startTestEmulator(), startRedisServer()]);
  useTeammateLogin(t.emulator);
});
afterAll(async () => {
  await redis.stop();
  await t.emulator.stop();
});

const open = (extra: Record<string, string | undefined>) => {
  const env = t.env(extra);
  return openDistributedTokenCache(loadAuthConfig(env), env);
};

describe("openDistributedTokenCache", () => {
  it("no ENTRA_MCP_REDIS_URL: the embedded in-memory cache, no key needed", async () => {
    const cache = await open({});
    expect(cache.kind).toBe("memory");
    await cache.close();
  });

  it("ENTRA_MCP_REDIS_URL without a key: an error naming both ways to configure one", async () => {
    await expect(open({ ENTRA_MCP_REDIS_URL: redis.url })).rejects.toThrow(
      /ENTRA_MCP_REDIS_URL is set, but no key encrypts the token cache it holds\. Fix: store a key in the vault and set ENTRA_MCP_CACHE_KEY_SECRET .*or set ENTRA_MCP_CACHE_KEY/,
    );
  });

  it("bad settings: wrong key length, not base64, both sources, not a redis URL", async () => {
    await expect(
      open({ ENTRA_MCP_REDIS_URL: redis.url, ENTRA_MCP_CACHE_KEY: randomBytes(16).toString("base64") }),
    ).rejects.toThrow(
      /ENTRA_MCP_CACHE_KEY is not base64 of 32 bytes \(it decodes to 16 bytes\)\. Fix: generate one with `openssl rand -base64 32`/,
    );
    await expect(
      open({ ENTRA_MCP_REDIS_URL: redis.url, ENTRA_MCP_CACHE_KEY: "not base64!" }),
    ).rejects.toThrow(/decodes to 0 bytes/);
    await expect(
      open({
        ENTRA_MCP_REDIS_URL: redis.url,
        ENTRA_MCP_CACHE_KEY: randomBytes(32).toString("base64"),
        ENTRA_MCP_CACHE_KEY_SECRET: "k",
      }),
    ).rejects.toThrow(/ENTRA_MCP_CACHE_KEY and ENTRA_MCP_CACHE_KEY_SECRET are both set/);
    await expect(
      open({
        ENTRA_MCP_REDIS_URL: "http://127.0.0.1:6379",
        ENTRA_MCP_CACHE_KEY: randomBytes(32).toString("base64"),
      }),
    ).rejects.toThrow(/ENTRA_MCP_REDIS_URL is not a redis:\/\/ or rediss:\/\/ URL/);
    await expect(createDistributedTokenCache({ encryptionKey: randomBytes(31) })).rejects.toThrow(
      /must be 32 bytes \(AES-256\); this one is 31 bytes/,
    );
  });

  it("ENTRA_MCP_CACHE_KEY: two replicas opened from the same settings share tokens", async () => {
    const settings = {
      ENTRA_MCP_REDIS_URL: redis.url,
      ENTRA_MCP_CACHE_KEY: randomBytes(32).toString("base64"),
    };
    const [one, two] = [await open(settings), await open(settings)];
    try {
      expect(one.kind).toBe("redis");
      const user = await inboundUser(t.emulator, t.env(), 0);
      await createOnBehalfOf(loadAuthConfig(t.env()), { cache: one }).getToken(user, [
        "https://graph.microsoft.com/.default",
      ]);
      t.emulator.clearRequests();
      await createOnBehalfOf(loadAuthConfig(t.env()), { cache: two }).getToken(user, [
        "https://graph.microsoft.com/.default",
      ]);
      expect(tokenRequests(t.emulator)).toHaveLength(0);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it("ENTRA_MCP_CACHE_KEY_SECRET: the key is read from the vault; a replica with another key cannot read the entries", async () => {
    const secret = randomBytes(32).toString("base64");
    t.emulator.vault.setPlainSecret("entra-mcp-cache-key", secret);
    const inspect = new Redis(redis.url);
    await inspect.flushall();
    const fromVault = await open({
      ENTRA_MCP_REDIS_URL: redis.url,
      ENTRA_MCP_CACHE_KEY_SECRET: "entra-mcp-cache-key",
    });
    const otherKey = await open({
      ENTRA_MCP_REDIS_URL: redis.url,
      ENTRA_MCP_CACHE_KEY: randomBytes(32).toString("base64"),
    });
    try {
      expect(
        t.emulator.requests(
          (e) =>
            e.origin === "vault" && e.path.startsWith("/secrets/entra-mcp-cache-key") && e.status === 200,
        ),
      ).toHaveLength(1);
      const user = await inboundUser(t.emulator, t.env(), 1);
      await createOnBehalfOf(loadAuthConfig(t.env()), { cache: fromVault }).getToken(user, [
        "https://api.fabric.microsoft.com/.default",
      ]);
      expect(await inspect.keys("*")).toHaveLength(1);
      t.emulator.clearRequests();
      const warned: string[] = [];
      const previous = setLogSink((level, line) => level === "warn" && warned.push(line));
      try {
        await createOnBehalfOf(loadAuthConfig(t.env()), { cache: otherKey }).getToken(user, [
          "https://api.fabric.microsoft.com/.default",
        ]);
      } finally {
        setLogSink(previous);
      }
      expect(tokenRequests(t.emulator)).toHaveLength(1);
      expect(warned.join("\n")).toMatch(
        /does not decrypt \(tampered, moved from another key, or sealed with another key\)/,
      );
    } finally {
      inspect.disconnect();
      await Promise.all([fromVault.close(), otherKey.close()]);
    }
  });

  it("ENTRA_MCP_CACHE_KEY_SECRET naming a missing secret or a secret of the wrong size: errors that say which", async () => {
    await expect(
      open({ ENTRA_MCP_REDIS_URL: redis.url, ENTRA_MCP_CACHE_KEY_SECRET: "no-such-secret" }),
    ).rejects.toThrow(
      /Key Vault: secret "no-such-secret" \(ENTRA_MCP_CACHE_KEY_SECRET\) was not found in https:\/\/.*Fix: create it: `az keyvault secret set/,
    );
    t.emulator.vault.setPlainSecret("short-key", randomBytes(8).toString("base64"));
    await expect(
      open({ ENTRA_MCP_REDIS_URL: redis.url, ENTRA_MCP_CACHE_KEY_SECRET: "short-key" }),
    ).rejects.toThrow(
      /Key Vault secret "short-key" in https:\/\/.* \(ENTRA_MCP_CACHE_KEY_SECRET\) is not base64 of 32 bytes \(it decodes to 8 bytes\)/,
    );
  });
});
