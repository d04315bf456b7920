/**
 * A sick Redis never breaks a tool call: down at start, killed mid-run, frozen (slow) or holding
 * tampered ciphertext, calls still get their tokens (a fresh OBO exchange when the shared entry is
 * out of reach) with one warning per outage, and the shared cache is used again once Redis is back.
 * Real redis-server, real MSAL, the emulator's Entra ID.
 */
import { randomBytes } from "node:crypto";
import { type RedisServer, startRedisServer } from "@entra-mcp/test-support";
import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createDistributedTokenCache,
  createOnBehalfOf,
  type DistributedTokenCache,
  type InboundUser,
  loadAuthConfig,
  type OnBehalfOf,
  setLogSink,
} from "../../src/index.js";
import {
  inboundUser,
  inboundUserByUpn,
  oboExchanges,
  resources,
  tokenRequests,
} from "../support/obo-setup.js";
import {
  claimsOf,
  startTestEmulator,
  type TestEmulator,
  useTeammateLogin,
} from "../support/test-emulator.js";

const GRAPH = "https://graph.microsoft.com/.default";

let t: TestEmulator;
let redis: RedisServer;
const key = randomBytes(32);
const caches: DistributedTokenCache[] = [];
const lines: { level: string; line: string }[] = [];
let restoreSink: ReturnType<typeof setLogSink>;

beforeAll(async () => {
  [t, redis] = await Promise.all([startTestEmulator(), startRedisServer()]);
  useTeammateLogin(t.emulator);
  restoreSink = setLogSink((level, line) => lines.push({ level, line }), "info");
});
afterAll(async () => {
  setLogSink(restoreSink, "warn");
  await Promise.all(caches.map((c) => c.close()));
  await redis.stop();
  await t.emulator.stop();
});
beforeEach(async () => {
  redis.thaw();
  await redis.start(); // a no-op when it runs
  lines.length = 0;
});

async function replica(url = redis.url) {
  const cache = await createDistributedTokenCache({ redisUrl: url, encryptionKey: key, outagePauseMs: 300 });
  caches.push(cache);
  return { cache, obo: createOnBehalfOf(loadAuthConfig(t.env()), { cache }) };
}
const warnings = () => lines.filter((l) => l.level === "warn" && l.line.includes("[entra-mcp:token-cache]"));
const outageWarnings = () => warnings().filter((l) => l.line.includes("is unavailable"));
const partitionOf = (u: InboundUser) => ({
  clientId: t.emulator.tenant.clientId,
  mode: "obo" as const,
  id: `${u.oid}.${u.tid}`,
});

/**
 * Asks `via` for tokens `user` has not had yet, one resource at a time, until the user's partition
 * appears in Redis. Redis restarts empty (no persistence), so the entry is a write made after it came
 * back: that is what proves recovery. Returns the scope whose exchange was written.
 */
async function firstWriteAfterRecovery(
  via: { cache: DistributedTokenCache; obo: OnBehalfOf },
  user: InboundUser,
): Promise<string> {
  const inspect = new Redis(redis.url);
  try {
    for (const resource of resources(t.emulator).filter((r) => r.scope !== GRAPH)) {
      await new Promise((r) => setTimeout(r, 700));
      await via.obo.getToken(user, [resource.scope]);
      if ((await inspect.exists(via.cache.keyOf(partitionOf(user)))) === 1) return resource.scope;
    }
  } finally {
    inspect.disconnect();
  }
  throw new Error("no token reached Redis after it came back");
}

describe("Redis failures", () => {
  it("down at start: calls work (fresh OBO, then this replica's memory) with one warning; when Redis comes up, the shared cache is used", async () => {
    await redis.stop();
    const a = await replica();
    const users = [await inboundUser(t.emulator, t.env(), 0), await inboundUser(t.emulator, t.env(), 1)];
    t.emulator.clearRequests();
    for (const user of users) {
      for (let i = 0; i < 3; i++)
        expect(claimsOf((await a.obo.getToken(user, [GRAPH])).accessToken).oid).toBe(user.oid);
    }
    // One exchange per user (the replica's own memory serves the repeats), and one warning in all.
    expect(oboExchanges(t.emulator).map((e) => e.oid)).toEqual(users.map((u) => u.oid));
    expect(outageWarnings()).toHaveLength(1);
    expect(outageWarnings()[0]?.line).toMatch(
      /Redis at redis:\/\/127\.0\.0\.1:\d+ is unavailable .*tokens are kept in this process only/,
    );

    await redis.start();
    // The next new token on A lands in Redis once the connection is back (ioredis reconnects in the
    // background with backoff; each probe asks for a token A does not hold yet)...
    const landed = await firstWriteAfterRecovery(a, users[0] as InboundUser);
    expect(lines.some((l) => l.level === "info" && l.line.includes("is reachable again"))).toBe(true);
    // ...and a fresh replica finds it there: no token request.
    const b = await replica();
    t.emulator.clearRequests();
    await b.obo.getToken(users[0] as InboundUser, [landed]);
    expect(tokenRequests(t.emulator)).toHaveLength(0);
  });

  it("killed mid-run: cached users keep their tokens, new users get fresh exchanges, one warning; recovery after restart", async () => {
    const a = await replica();
    const adele = await inboundUser(t.emulator, t.env(), 0);
    const newcomer = await inboundUserByUpn(
      t.emulator,
      t.env(),
      (t.emulator.directory.listUsers()[5]?.upn ?? "") as string,
    );
    await a.obo.getToken(adele, [GRAPH]);
    await redis.stop();
    t.emulator.clearRequests();
    for (let i = 0; i < 3; i++) {
      expect(claimsOf((await a.obo.getToken(adele, [GRAPH])).accessToken).oid).toBe(adele.oid);
      expect(claimsOf((await a.obo.getToken(newcomer, [GRAPH])).accessToken).oid).toBe(newcomer.oid);
    }
    expect(oboExchanges(t.emulator).map((e) => e.oid)).toEqual([newcomer.oid]);
    expect(outageWarnings()).toHaveLength(1);

    await redis.start();
    await firstWriteAfterRecovery(a, newcomer);
    expect(lines.some((l) => l.level === "info" && l.line.includes("is reachable again"))).toBe(true);
  });

  it("frozen (slow) Redis: each call is bounded by the command timeout, not stuck; one warning", async () => {
    const a = await replica();
    const users = await Promise.all([0, 1].map((i) => inboundUser(t.emulator, t.env(), i)));
    redis.freeze();
    try {
      const started = Date.now();
      for (const user of users)
        expect(claimsOf((await a.obo.getToken(user, [GRAPH])).accessToken).oid).toBe(user.oid);
      // Two users, each a load + exchange + write: bounded by a few 250 ms timeouts, then skipped while paused.
      expect(Date.now() - started).toBeLessThan(3000);
      expect(outageWarnings()).toHaveLength(1);
      expect(outageWarnings()[0]?.line).toMatch(/timed out|not connected/i);
    } finally {
      redis.thaw();
    }
  });

  it("tampered ciphertext is a miss (fresh exchange) and a warning naming the entry; garbage too", async () => {
    const a = await replica();
    const [adele, megan] = await Promise.all([0, 1].map((i) => inboundUser(t.emulator, t.env(), i)));
    await a.obo.getToken(adele as InboundUser, [GRAPH]);
    await a.obo.getToken(megan as InboundUser, [GRAPH]);
    const inspect = new Redis(redis.url);
    try {
      const adeleKey = a.cache.keyOf(partitionOf(adele as InboundUser));
      const sealed = (await inspect.get(adeleKey)) ?? "";
      const last = sealed.slice(-1);
      await inspect.set(adeleKey, `${sealed.slice(0, -1)}${last === "0" ? "1" : "0"}`);
      await inspect.set(a.cache.keyOf(partitionOf(megan as InboundUser)), "not even ciphertext");
      const b = await replica();
      t.emulator.clearRequests();
      for (const user of [adele, megan] as InboundUser[]) {
        expect(claimsOf((await b.obo.getToken(user, [GRAPH])).accessToken).oid).toBe(user.oid);
      }
      expect(oboExchanges(t.emulator).map((e) => e.oid)).toEqual([adele?.oid, megan?.oid]);
      const tampered = warnings().filter((l) => l.line.includes("does not decrypt"));
      expect(tampered.map((l) => l.line).join("\n")).toContain(adeleKey);
      expect(tampered.length).toBeGreaterThanOrEqual(2);
      // The fresh tokens were written back, sealed: the next replica is served from Redis again.
      const c = await replica();
      t.emulator.clearRequests();
      await c.obo.getToken(adele as InboundUser, [GRAPH]);
      expect(tokenRequests(t.emulator)).toHaveLength(0);
    } finally {
      inspect.disconnect();
    }
  });

  it("no log line carries a JWT, an assertion or the key", () => {
    const text = lines.map((l) => l.line).join("\n");
    expect(text).not.toContain("eyJ");
    expect(text).not.toContain(key.toString("base64"));
    expect(text).not.toContain(key.toString("hex"));
  });
});
