/**
 * Two replicas (two createOnBehalfOf, each with its own MSAL apps and its own Redis connection) on one
 * real redis-server, against the emulator's Entra ID: a user's second call on the other replica costs
 * no token request, 20 users cost exactly 20 exchanges per resource however the calls are spread,
 * users never see each other's tokens, and Redis holds nothing readable.
 */
import { createSecretKey, randomBytes } from "node:crypto";
import { type RedisServer, startRedisServer } from "@entra-mcp/test-support";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { open } from "../../src/cache/distributed/sealed-entry.js";
import {
  createDistributedTokenCache,
  createOnBehalfOf,
  type DistributedTokenCache,
  type InboundUser,
  loadAuthConfig,
  type OnBehalfOf,
  setLogSink,
} from "../../src/index.js";
import { inboundUser, inboundUserByUpn, oboExchanges, tokenRequests } from "../support/obo-setup.js";
import {
  claimsOf,
  startTestEmulator,
  type TestEmulator,
  useTeammateLogin,
} from "../support/test-emulator.js";

const GRAPH = "https://graph.microsoft.com/.default";
const POWER_BI = "https://analysis.windows.net/powerbi/api/.default";

let t: TestEmulator;
let redis: RedisServer;
let inspect: Redis;
const key = randomBytes(32);
const caches: DistributedTokenCache[] = [];
const logged: string[] = [];
let restoreSink: ReturnType<typeof setLogSink>;

beforeAll(async () => {
  [t, redis] = await Promise.all([startTestEmulator(), startRedisServer()]);
  useTeammateLogin(t.emulator);
  inspect = new Redis(redis.url);
  restoreSink = setLogSink((_level, line) => logged.push(line), "info");
});
afterAll(async () => {
  setLogSink(restoreSink, "warn");
  inspect.disconnect();
  await Promise.all(caches.map((c) => c.close()));
  await redis.stop();
  await t.emulator.stop();
});

/** A replica: its own MSAL applications and its own Redis connection, sharing only Redis. */
async function replica(): Promise<{ obo: OnBehalfOf; cache: DistributedTokenCache }> {
  const cache = await createDistributedTokenCache({ redisUrl: redis.url, encryptionKey: key });
  caches.push(cache);
  return { obo: createOnBehalfOf(loadAuthConfig(t.env()), { cache }), cache };
}

async function twentyUsers(): Promise<InboundUser[]> {
  const upns = t.emulator.directory
    .listUsers()
    .filter((u) => u.accountEnabled !== false)
    .map((u) => u.upn)
    .slice(0, 20);
  expect(upns).toHaveLength(20);
  const users: InboundUser[] = [];
  for (const upn of upns) users.push(await inboundUserByUpn(t.emulator, t.env(), upn));
  return users;
}

describe("distributed token cache on Redis", () => {
  it("a user's second call, on the other replica (a fresh MSAL app), makes 0 token requests", async () => {
    const [a, b] = [await replica(), await replica()];
    const user = await inboundUser(t.emulator, t.env(), 0);
    t.emulator.clearRequests();
    const first = await a.obo.getToken(user, [GRAPH]);
    expect(oboExchanges(t.emulator, "graph.microsoft.com")).toHaveLength(1);

    t.emulator.clearRequests();
    const second = await b.obo.getToken(user, [GRAPH]);
    expect(second.accessToken).toBe(first.accessToken);
    expect(tokenRequests(t.emulator)).toHaveLength(0);
    // msal-node builds the client assertion before its cache lookup, so a fresh replica reads the
    // certificate once (and only once: the signed assertion is reused for minutes).
    expect(t.emulator.requests((e) => e.origin === "vault" && e.status === 200)).toHaveLength(1);
    t.emulator.clearRequests();
    await b.obo.getToken(user, [GRAPH]);
    expect(t.emulator.requests()).toHaveLength(0);
  });

  it("20 users x 2 replicas cost exactly 20 OBO exchanges per resource, calls spread and concurrent", async () => {
    const users = await twentyUsers();
    const [a, b] = [await replica(), await replica()];
    t.emulator.clearRequests();
    const round = (pick: (i: number) => OnBehalfOf) =>
      Promise.all(
        users.flatMap((user, i) => [GRAPH, POWER_BI].map((scope) => pick(i).getToken(user, [scope]))),
      );
    // Round 1: even users start on A, odd users on B, all at once; round 2 the other way round; round 3 both.
    const one = await round((i) => (i % 2 === 0 ? a.obo : b.obo));
    const two = await round((i) => (i % 2 === 0 ? b.obo : a.obo));
    const three = await Promise.all([round(() => a.obo), round(() => b.obo)]);
    expect(oboExchanges(t.emulator, "graph.microsoft.com")).toHaveLength(20);
    expect(oboExchanges(t.emulator, "analysis.windows.net")).toHaveLength(20);
    expect(new Set(oboExchanges(t.emulator).map((e) => e.oid))).toEqual(new Set(users.map((u) => u.oid)));
    // Every token is its own user's, for the resource asked.
    for (const tokens of [one, two, ...three]) {
      tokens.forEach((token, n) => {
        const user = users[Math.floor(n / 2)];
        expect(claimsOf(token.accessToken)).toMatchObject({
          oid: user?.oid,
          aud: n % 2 === 0 ? "https://graph.microsoft.com" : "https://analysis.windows.net/powerbi/api",
        });
      });
    }
  });

  it("isolation under concurrency: 20 users hammering both replicas with fresh MSAL apps never get another user's token", async () => {
    const users = await twentyUsers();
    const replicas = [await replica(), await replica(), await replica()];
    const calls = Array.from({ length: 120 }, (_, n) => ({
      user: users[n % 20] as InboundUser,
      via: replicas[n % 3],
    }));
    const tokens = await Promise.all(calls.map(({ user, via }) => via?.obo.getToken(user, [GRAPH])));
    tokens.forEach((token, n) => {
      expect(claimsOf(token?.accessToken ?? "").oid, `call ${n}`).toBe(calls[n]?.user.oid);
    });
  });

  it("an entry copied under another user's key does not open there: a miss (and a warning), never that user's token", async () => {
    const [adele, megan] = [
      await inboundUser(t.emulator, t.env(), 0),
      await inboundUser(t.emulator, t.env(), 1),
    ];
    const a = await replica();
    await a.obo.getToken(adele, [POWER_BI]);
    const partition = (u: InboundUser) => ({
      clientId: t.emulator.tenant.clientId,
      mode: "obo" as const,
      id: `${u.oid}.${u.tid}`,
    });
    const stolen = await inspect.get(a.cache.keyOf(partition(adele)));
    expect(stolen).toMatch(/^v1\./);
    await inspect.set(a.cache.keyOf(partition(megan)), stolen ?? "");
    logged.length = 0;
    t.emulator.clearRequests();
    const b = await replica();
    const token = await b.obo.getToken(megan, [POWER_BI]);
    expect(claimsOf(token.accessToken).oid).toBe(megan.oid);
    expect(oboExchanges(t.emulator).map((e) => e.oid)).toEqual([megan.oid]);
    expect(logged.join("\n")).toContain(
      `the cache entry ${a.cache.keyOf(partition(megan))} does not decrypt`,
    );
  });

  it("a scan of Redis (KEYS * and GET of every key) finds no JWT, assertion, refresh token or key", async () => {
    const users = [await inboundUser(t.emulator, t.env(), 0), await inboundUser(t.emulator, t.env(), 1)];
    const a = await replica();
    for (const user of users) await a.obo.getToken(user, [GRAPH]);
    const keys = await inspect.keys("*");
    expect(keys.length).toBeGreaterThanOrEqual(2);
    const dump: string[] = [];
    expect(keys.every((name) => name.startsWith("entra-mcp:tokens:"))).toBe(true);
    for (const name of keys) {
      expect(name).toMatch(
        new RegExp(`^entra-mcp:tokens:${t.emulator.tenant.clientId}:obo:[0-9a-f-]{36}\\.[0-9a-f-]{36}$`),
      );
      const value = (await inspect.get(name)) ?? "";
      expect(value).toMatch(/^v1\.[0-9a-f]+$/);
      expect(await inspect.ttl(name)).toBeGreaterThan(3600);
      dump.push(name, value);
      // Opened with the key (as a replica does): MSAL's cache with access tokens, no refresh token.
      const plain = JSON.parse(open(value, createSecretKey(key), name) ?? "{}");
      expect(Object.keys(plain.AccessToken ?? {}).length).toBeGreaterThan(0);
      expect(plain.RefreshToken).toEqual({});
    }
    const text = dump.join("\n");
    expect(text).not.toContain("eyJ");
    for (const user of users) {
      for (const part of user.assertion.split(".")) expect(text).not.toContain(part);
    }
    expect(text).not.toContain(key.toString("base64"));
    expect(text).not.toContain(key.toString("base64url"));
    expect(text).not.toContain(key.toString("hex"));
    expect(text).not.toMatch(/secret|AccessToken|RefreshToken|user_assertion_hash/i);
  });
});
