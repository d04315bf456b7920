/**
 * Hosted mode scaled out, for real: two processes of the BUILT graph server (`--http`) on one real
 * redis-server with the same ENTRA_MCP_CACHE_KEY, 20 emulator users signing in with the password grant
 * as an MCP client would. On-Behalf-Of exchanges are counted in the emulator's request log (per
 * resource and per user); Redis is read, killed and tampered with through redis-cli.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import {
  type RedisServer,
  startRedisServer,
  startTestEmulator,
  type TestEmulator,
} from "@entra-mcp/test-support";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  BIN,
  callTool,
  type Replica,
  signIn,
  startReplica,
  type ToolAnswer,
} from "./support/hosted-replica.js";

const USERS = 20;
const OBO = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const CACHE_KEY = randomBytes(32).toString("base64");
const run = promisify(execFile);

interface User {
  upn: string;
  oid: string;
  token: string;
}

let t: TestEmulator;
let redis: RedisServer;
let users: User[];
const replicas: Replica[] = [];
const answers: ToolAnswer[] = [];
const redisSeen: string[] = [];

/** The seeded test users (Adele, Megan) plus 18 more with a password, each signed in once. */
async function signInUsers(): Promise<User[]> {
  const { emulator } = t;
  const accounts = emulator.tenant.testUsers.map((u) => ({ ...u }));
  for (let i = accounts.length; i < USERS; i++) {
    const password = `Emu-${randomBytes(9).toString("hex")}-7a`;
    const upn = `scale${i}@${emulator.directory.tenant.defaultDomain}`;
    const user = emulator.directory.addUser({ upn, displayName: `Scale User ${i}`, password });
    accounts.push({ username: upn, password, oid: user.oid });
  }
  return Promise.all(
    accounts.map(async (a) => ({ upn: a.username, oid: a.oid, token: await signIn(emulator, a) })),
  );
}

function replicaEnv(redisUrl = redis.url): NodeJS.ProcessEnv {
  const env = t.appEnv({
    ENTRA_MCP_HTTP_PORT: "0",
    ENTRA_MCP_REDIS_URL: redisUrl,
    ENTRA_MCP_CACHE_KEY: CACHE_KEY,
  });
  delete env.ENTRA_MCP_AUTH_MODE; // hosted mode acts as each request's user
  return env;
}

async function replica(redisUrl?: string): Promise<Replica> {
  const started = await startReplica(replicaEnv(redisUrl));
  replicas.push(started);
  return started;
}

/** get_me as `user` on `on`; asserts the answer names that user and nobody else. */
async function getMe(on: Replica, user: User): Promise<ToolAnswer> {
  const answer = await callTool(on, user.token, "get_me", { select: "id,userPrincipalName,displayName" });
  answers.push(answer);
  expect(answer.status).toBe(200);
  expect(answer.isError, answer.text).toBe(false);
  const me = JSON.parse(answer.text) as { id: string; userPrincipalName: string };
  expect(me).toMatchObject({ id: user.oid, userPrincipalName: user.upn });
  for (const other of users) if (other !== user) expect(answer.body).not.toContain(other.upn);
  return answer;
}

const tokenRequests = () => t.emulator.requests((e) => e.origin === "login" && e.grantType !== undefined);
const oboExchanges = () => t.emulator.requests((e) => e.grantType === OBO);
/** OBO exchanges per downstream resource (the scope's origin), e.g. { "https://graph.microsoft.com": 20 }. */
const perResource = () => {
  const counts: Record<string, number> = {};
  for (const e of oboExchanges()) {
    const resource = new URL(String(e.scope).split(" ")[0] ?? "").origin;
    counts[resource] = (counts[resource] ?? 0) + 1;
  }
  return counts;
};
const count = (text: string, needle: string) => text.split(needle).length - 1;

async function redisCli(...args: string[]): Promise<string> {
  const { stdout } = await run("redis-cli", ["-p", String(redis.port), "--raw", ...args]);
  return stdout;
}
async function redisEntries(): Promise<Record<string, string>> {
  const keys = (await redisCli("KEYS", "*")).split("\n").filter(Boolean);
  const entries: Record<string, string> = {};
  for (const key of keys) entries[key] = (await redisCli("GET", key)).trimEnd();
  redisSeen.push(...Object.entries(entries).flat());
  return entries;
}

beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`pnpm turbo run build\` first.`);
  [t, redis] = await Promise.all([startTestEmulator(), startRedisServer()]);
  users = await signInUsers();
});
afterAll(async () => {
  await Promise.all(replicas.map((r) => r.stop()));
  await redis?.stop();
  await t?.emulator.stop();
});
beforeEach(async () => {
  await redis.start(); // a no-op while it runs
  await redisCli("FLUSHALL");
});
afterEach(async () => {
  await Promise.all(replicas.map((r) => r.stop()));
});

describe("two replicas of graph --http on one Redis", () => {
  it("shared cache: a user's second call, on the other replica, makes 0 token requests", async () => {
    const [a, b] = await Promise.all([replica(), replica()]);
    const [first, second] = users as [User, User];
    t.emulator.clearRequests();
    await getMe(a, first);
    expect(perResource()).toEqual({ "https://graph.microsoft.com": 1 });
    // B has never served anyone: no OBO exchange either; its one token request is its own Azure login
    // to Key Vault, loading the app's certificate once for the process's lifetime.
    t.emulator.clearRequests();
    await getMe(b, first);
    expect(oboExchanges()).toEqual([]);
    expect(tokenRequests().map((e) => e.scope)).toEqual(["https://vault.azure.net/.default"]);
    // A replica in service: the user's second call, on the other replica, makes no token request at all.
    await getMe(a, second);
    t.emulator.clearRequests();
    await getMe(b, second);
    expect(tokenRequests()).toEqual([]);
    // The Graph call was made, with the user's delegated token from the shared cache.
    expect(t.emulator.requests({ origin: "graph" })).toHaveLength(1);
  });

  it("isolation: 20 users × 2 replicas cost exactly 20 OBO exchanges (one per user) and each sees only their own data", async () => {
    const [a, b] = await Promise.all([replica(), replica()]);
    t.emulator.clearRequests();
    // Every user calls both replicas, all users at once; half of them start on each replica.
    await Promise.all(
      users.map(async (user, i) => {
        const [first, second] = i % 2 === 0 ? [a, b] : [b, a];
        await getMe(first, user);
        await getMe(second, user);
      }),
    );
    expect(perResource()).toEqual({ "https://graph.microsoft.com": USERS });
    const exchanged = oboExchanges().map((e) => e.oid);
    expect(new Set(exchanged)).toEqual(new Set(users.map((u) => u.oid)));
    expect(t.emulator.requests({ origin: "graph" })).toHaveLength(2 * USERS);
    // One Redis entry per user, each under that user's own partition key.
    const keys = Object.keys(await redisEntries());
    for (const user of users) expect(keys.filter((k) => k.includes(`:obo:${user.oid}.`))).toHaveLength(1);
  });

  it("Redis down at start: calls still succeed, with one warning", async () => {
    const down = await startRedisServer();
    await down.stop();
    const a = await replica(down.url);
    for (const user of users.slice(0, 3)) await getMe(a, user);
    await new Promise((r) => setTimeout(r, 1200)); // past the outage pause: Redis is asked again
    await getMe(a, users[3] as User);
    expect(count(a.output(), "is unavailable")).toBe(1);
  });

  it("Redis down mid-run: calls still succeed, with one warning", async () => {
    const a = await replica();
    await getMe(a, users[0] as User);
    expect(count(a.output(), "is unavailable")).toBe(0);
    await redis.stop();
    for (const user of users.slice(1, 4)) await getMe(a, user);
    await new Promise((r) => setTimeout(r, 1200));
    await getMe(a, users[4] as User);
    await getMe(a, users[0] as User);
    expect(count(a.output(), "is unavailable")).toBe(1);
  });

  it("tampered ciphertext in Redis: a cache miss (one fresh OBO exchange) and a warning", async () => {
    const [a, b] = await Promise.all([replica(), replica()]);
    const user = users[5] as User;
    await getMe(a, user);
    const [key, sealed] = Object.entries(await redisEntries())[0] ?? [];
    expect(key).toContain(user.oid);
    // Flip one hex digit of the ciphertext (past the "v1." prefix, IV and tag): AES-GCM must refuse it.
    const at = (sealed as string).length - 5;
    const flipped = (sealed as string)[at] === "0" ? "1" : "0";
    await redisCli(
      "SET",
      key as string,
      `${(sealed as string).slice(0, at)}${flipped}${(sealed as string).slice(at + 1)}`,
    );
    t.emulator.clearRequests();
    await getMe(b, user);
    expect(oboExchanges().map((e) => e.oid)).toEqual([user.oid]);
    expect(count(b.output(), "does not decrypt")).toBe(1);
  });

  it("no JWT, assertion or key in any replica's logs, in Redis or in any response", async () => {
    // Redis as the other tests left it, plus a fresh user's entry.
    const a = await replica();
    await getMe(a, users[6] as User);
    const entries = await redisEntries();
    expect(Object.keys(entries).length).toBeGreaterThan(0);
    const haystacks = {
      logs: replicas.map((r) => r.output()).join("\n"),
      redis: redisSeen.join("\n"),
      responses: answers.map((x) => x.body).join("\n"),
    };
    expect(answers.length).toBeGreaterThan(2 * USERS);
    for (const [where, text] of Object.entries(haystacks)) {
      expect(text.length, where).toBeGreaterThan(0);
      expect(text, where).not.toContain("eyJ");
      expect(text, where).not.toMatch(/client_assertion|assertion=/i);
      expect(text, where).not.toContain("PRIVATE KEY");
      expect(text, where).not.toContain(CACHE_KEY);
      for (const user of users) expect(text, where).not.toContain(user.token.slice(-24));
    }
  });
});
