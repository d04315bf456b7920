/**
 * Hosted mode's figures beside stdio, in one run (BENCH_ONLY=hosted):
 * - warm-call overhead: the same tool call (graph list_users, top 5) through the MCP SDK client over
 *   stdio (app-only) and over Streamable HTTP (`--http`, the user's bearer token, OBO token cached),
 *   calls interleaved so both see the same machine load; p50 ratio against the 1.5x target;
 * - token requests per user across two replicas on one real redis-server (shared cache key), counted
 *   in the emulator's request log;
 * - idle RSS per replica, before and after serving the users, beside an idle stdio process.
 * It adds users to the emulator's directory, so it runs after the other sections.
 */
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import type { DefaultTenant, Emulator } from "@entra-mcp/emulator";
import { type RedisServer, startRedisServer } from "@entra-mcp/test-support";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { type BenchContext, ms, out, ratio, verdict } from "./context.js";
import { startHosted } from "./hosted-process.js";
import { rssMb } from "./rss.js";
import { median, quantile, table } from "./stats.js";
import { openSession } from "./stdio-session.js";
import { entraServers } from "./targets.js";

const CALLS = Number(process.env.BENCH_HOSTED_CALLS ?? 200);
const USERS = 20;
const OBO = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const CALL = { name: "list_users", arguments: { top: 5 } };
const mb = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} MB` : "n/a");
const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

interface Replica {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

async function startReplica(bin: string, env: Record<string, string>): Promise<Replica> {
  const { child, url } = await startHosted(bin, env);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return {
    child,
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await exited;
    },
  };
}

async function signIn(emulator: Emulator<DefaultTenant>, user: { username: string; password: string }) {
  const response = await fetch(`${emulator.urls.login}/${emulator.tenant.tenantId}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "password",
      client_id: emulator.tenant.mcpClientId,
      scope: emulator.tenant.api.scope,
      username: user.username,
      password: user.password,
    }),
  });
  const body = (await response.json()) as { access_token?: string; error_description?: string };
  if (!body.access_token) throw new Error(`no token for ${user.username}: ${body.error_description}`);
  return body.access_token;
}

/** The MCP SDK client over Streamable HTTP, as the user. */
async function httpClient(url: string, token: string): Promise<Client> {
  const client = new Client({ name: "entra-mcp-bench-hosted", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

async function callOk(client: Client, call: { name: string; arguments: Record<string, unknown> }) {
  const result = await client.callTool(call);
  if (result.isError) {
    const text = (result.content as { text?: string }[])[0]?.text ?? "";
    throw new Error(`${call.name} failed: ${text.slice(0, 300)}`);
  }
}

async function timed(run: () => Promise<void>): Promise<number> {
  const begin = performance.now();
  await run();
  return performance.now() - begin;
}

/** The seeded test users plus enough more (with a password) to make USERS, each signed in. */
async function users(emulator: Emulator<DefaultTenant>): Promise<string[]> {
  const accounts = emulator.tenant.testUsers.map(({ username, password }) => ({ username, password }));
  for (let i = accounts.length; i < USERS; i++) {
    const password = `Emu-${randomBytes(9).toString("hex")}-7a`;
    const upn = `bench-hosted-${i}@${emulator.directory.tenant.defaultDomain}`;
    emulator.directory.addUser({ upn, displayName: `Bench Hosted ${i}`, password });
    accounts.push({ username: upn, password });
  }
  return Promise.all(accounts.map((account) => signIn(emulator, account)));
}

export async function hostedScaleTables(ctx: BenchContext): Promise<void> {
  const graph = entraServers().find((server) => server.name === "graph");
  if (!graph) throw new Error("no graph server among the bench targets");
  const bin = graph.args[0] as string;
  // One user makes hundreds of calls a minute here: lift the per-user rate limit (default 120 a minute).
  const hostedEnv = { ...ctx.env, ENTRA_MCP_HTTP_PORT: "0", ENTRA_MCP_HTTP_RATE_LIMIT: "100000" };
  const tokens = await users(ctx.emulator);
  const first = tokens[0] as string;

  // 1. The same warm call over stdio and over HTTP, interleaved.
  const stdio = await openSession(graph, { ...ctx.env, ENTRA_MCP_AUTH_MODE: "app" });
  const single = await startReplica(bin, hostedEnv);
  const http = await httpClient(single.url, first);
  // The breakdown: the same transport with inbound auth off (the development setting, app-only tokens):
  // what HTTP plus a fresh server per request costs without token validation and OBO.
  const open = await startReplica(bin, {
    ...hostedEnv,
    ENTRA_MCP_HTTP_AUTH: "off-for-local-development",
    ENTRA_MCP_AUTH_MODE: "app",
  });
  const openHttp = await httpClient(open.url, first);
  const overStdio: number[] = [];
  const overHttp: number[] = [];
  const overOpen: number[] = [];
  let stdioIdle = Number.NaN;
  try {
    for (let i = 0; i < 10; i++) {
      await callOk(stdio.client, CALL);
      await callOk(http, CALL);
      await callOk(openHttp, CALL);
    }
    for (let i = 0; i < CALLS; i++) {
      overStdio.push(await timed(() => callOk(stdio.client, CALL)));
      overHttp.push(await timed(() => callOk(http, CALL)));
      overOpen.push(await timed(() => callOk(openHttp, CALL)));
    }
    await sleep(500);
    stdioIdle = rssMb(stdio.pid);
  } finally {
    await Promise.all([http.close(), openHttp.close(), stdio.close()]);
    await Promise.all([single.stop(), open.stop()]);
  }
  const warmRatio = median(overHttp) / median(overStdio);
  out(
    `\nHosted mode: the same warm tool call (graph list_users, top 5) through the MCP SDK client over stdio (app-only) and over Streamable HTTP (--http, a user's bearer token, OBO token cached), ${CALLS} calls each, interleaved. Target: HTTP <= 1.5x stdio. The auth-off row (development setting, app-only) is HTTP and a fresh server per request without token validation and OBO.`,
  );
  out(
    table(
      ["transport", "p50", "p90", "p99", "HTTP / stdio (p50)", "target 1.5x"],
      [
        ["stdio", ms(median(overStdio)), ms(quantile(overStdio, 0.9)), ms(quantile(overStdio, 0.99)), "", ""],
        [
          "Streamable HTTP",
          ms(median(overHttp)),
          ms(quantile(overHttp, 0.9)),
          ms(quantile(overHttp, 0.99)),
          ratio(warmRatio),
          verdict(warmRatio, 1.5),
        ],
        [
          "Streamable HTTP, auth off (breakdown)",
          ms(median(overOpen)),
          ms(quantile(overOpen, 0.9)),
          ms(quantile(overOpen, 0.99)),
          ratio(median(overOpen) / median(overStdio)),
          "",
        ],
      ],
    ),
  );

  // 2. Two replicas on one Redis: token requests per user, and each replica's idle RSS.
  const redis: RedisServer = await startRedisServer();
  const shared = {
    ...hostedEnv,
    ENTRA_MCP_REDIS_URL: redis.url,
    ENTRA_MCP_CACHE_KEY: randomBytes(32).toString("base64"),
  };
  const replicas = [await startReplica(bin, shared), await startReplica(bin, shared)] as const;
  try {
    await sleep(500);
    const idleBefore = replicas.map((r) => rssMb(r.child.pid ?? 0));
    const log = ctx.emulator;
    const count = () => {
      const grants = log.requests((e) => e.origin === "login" && e.grantType !== undefined);
      return { obo: grants.filter((e) => e.grantType === OBO).length, all: grants.length };
    };
    const phase = async (replica: Replica) => {
      log.clearRequests();
      await Promise.all(
        tokens.map(async (token) => {
          const client = await httpClient(replica.url, token);
          await callOk(client, CALL);
          await client.close();
        }),
      );
      return count();
    };
    const onA = await phase(replicas[0]);
    const onB = await phase(replicas[1]);
    const againA = await phase(replicas[0]);
    const againB = await phase(replicas[1]);
    await sleep(1000);
    const idleAfter = replicas.map((r) => rssMb(r.child.pid ?? 0));
    const perUser = (onA.obo + onB.obo + againA.obo + againB.obo) / USERS;
    out(
      `\nTwo replicas of graph --http on one redis-server (shared ENTRA_MCP_CACHE_KEY), ${USERS} users, all at once: each user's list_users on replica A, then on B, then both again. Token requests from the emulator's log; "all" includes each replica's one Key Vault login for the certificate.`,
    );
    out(
      table(
        ["phase", "OBO exchanges", "token requests (all)", "per user"],
        [
          ["first call, replica A", String(onA.obo), String(onA.all), (onA.obo / USERS).toFixed(2)],
          ["same users, replica B", String(onB.obo), String(onB.all), (onB.obo / USERS).toFixed(2)],
          ["again, replica A", String(againA.obo), String(againA.all), (againA.obo / USERS).toFixed(2)],
          ["again, replica B", String(againB.obo), String(againB.all), (againB.obo / USERS).toFixed(2)],
          [
            "total",
            String(onA.obo + onB.obo + againA.obo + againB.obo),
            "",
            `${perUser.toFixed(2)} (target 1)`,
          ],
        ],
      ),
    );
    out("\nIdle RSS per replica (Redis-shared cache), beside an idle stdio process of the same server.");
    out(
      table(
        ["process", "idle after start", `idle after ${USERS} users`],
        [
          ["replica A (--http)", mb(idleBefore[0] ?? Number.NaN), mb(idleAfter[0] ?? Number.NaN)],
          ["replica B (--http)", mb(idleBefore[1] ?? Number.NaN), mb(idleAfter[1] ?? Number.NaN)],
          ["stdio (app-only, after the warm calls)", "", mb(stdioIdle)],
        ],
      ),
    );
  } finally {
    await Promise.all(replicas.map((r) => r.stop()));
    await redis.stop();
  }
}
