/**
 * `node bench/obo-bench.ts`: what a hosted server's tool call pays for its downstream token, per
 * call of a long-running replica (a hosted server lives long; its users feel per-request latency).
 * Medians and token requests (from the emulator's log), side by side: a fresh On-Behalf-Of exchange,
 * the same replica again, another replica through Redis (fresh MSAL app, first and second call), and
 * a frozen Redis (fresh exchange plus the bounded Redis timeouts). Figures, not pass/fail.
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { PublicClientApplication } from "@azure/msal-node";
import {
  createDistributedTokenCache,
  createInboundValidator,
  createOnBehalfOf,
  type InboundUser,
  loadAuthConfig,
  loadInboundAuthConfig,
  setLogSink,
} from "@entra-mcp/auth-core";
import { startEmulator } from "@entra-mcp/emulator";
import { rerunWithEmulatorCa, startRedisServer } from "@entra-mcp/test-support";

const GRAPH = "https://graph.microsoft.com/.default";
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const caDir = await rerunWithEmulatorCa(import.meta.url);
const [emulator, redis] = await Promise.all([startEmulator({ seed: "default", caDir }), startRedisServer()]);
for (const [name, value] of Object.entries(emulator.env))
  if (name.startsWith("AZURE_")) process.env[name] = value;
setLogSink(() => undefined, "error"); // the frozen-Redis warnings are expected
const env = { ...emulator.env, ENTRA_MCP_CACHE_PLAINTEXT: "true" };
const config = loadAuthConfig(env);
const validator = createInboundValidator(loadInboundAuthConfig(env));
const key = randomBytes(32);
const mcpClient = new PublicClientApplication({
  auth: {
    clientId: emulator.tenant.mcpClientId,
    authority: `${emulator.urls.login}/${emulator.tenant.tenantId}`,
    knownAuthorities: [new URL(emulator.urls.login).host],
  },
});

const users = emulator.directory.listUsers().filter((u) => u.accountEnabled !== false);
let next = 0;
/**
 * A new inbound token (a new sign-in, cycling through the directory's users): its assertion is one
 * no replica has seen, so the first call for it must exchange.
 */
async function freshUser(): Promise<InboundUser> {
  const user = users[next++ % users.length];
  if (!user) throw new Error("no users");
  user.password ??= `Pw-${user.oid.slice(0, 8)}-7a!`;
  const result = await mcpClient.acquireTokenByUsernamePassword({
    scopes: [emulator.tenant.api.scope],
    username: user.upn,
    password: user.password,
  });
  return validator.validate(`Bearer ${result?.accessToken}`);
}
const replica = async (redisUrl?: string) =>
  createOnBehalfOf(config, {
    cache: await createDistributedTokenCache({ ...(redisUrl ? { redisUrl } : {}), encryptionKey: key }),
  });
const tokenRequests = () =>
  emulator.requests((e) => e.origin === "login" && e.clientId === emulator.tenant.clientId).length;

interface Row {
  scenario: string;
  ms: number[];
  requests: number[];
}
const rows: Row[] = [];
async function measure(scenario: string, prepare: () => Promise<() => Promise<unknown>>): Promise<void> {
  const row: Row = { scenario, ms: [], requests: [] };
  for (let i = 0; i < RUNS; i++) {
    const run = await prepare();
    emulator.clearRequests();
    const start = performance.now();
    await run();
    row.ms.push(performance.now() - start);
    row.requests.push(tokenRequests());
  }
  rows.push(row);
}

// Replicas that already hold the certificate (a server past its first request).
const [a, b] = [await replica(redis.url), await replica(redis.url)];
await a.getToken(await freshUser(), [GRAPH]);
await b.getToken(await freshUser(), [GRAPH]);

await measure("fresh OBO exchange (new user, replica A)", async () => {
  const user = await freshUser();
  return () => a.getToken(user, [GRAPH]);
});
await measure("same user again, same replica (A)", async () => {
  const user = await freshUser();
  await a.getToken(user, [GRAPH]);
  return () => a.getToken(user, [GRAPH]);
});
await measure("same user, other replica B via Redis", async () => {
  const user = await freshUser();
  await a.getToken(user, [GRAPH]);
  return () => b.getToken(user, [GRAPH]);
});
await measure("first call of a brand-new replica via Redis (incl. Key Vault read)", async () => {
  const user = await freshUser();
  await a.getToken(user, [GRAPH]);
  const c = await replica(redis.url);
  return () => c.getToken(user, [GRAPH]);
});
await measure("fresh OBO, Redis just froze (first call pays the 250 ms command timeout)", async () => {
  redis.thaw();
  const c = await replica(redis.url);
  await c.getToken(await freshUser(), [GRAPH]); // past its first request, Redis healthy
  const user = await freshUser();
  redis.freeze();
  return () => c.getToken(user, [GRAPH]);
});
redis.freeze();
await measure("fresh OBO, Redis frozen, later calls (store skipped while paused)", async () => {
  const user = await freshUser();
  const c = await replica(redis.url);
  await c.getToken(await freshUser(), [GRAPH]); // past its first request (certificate loaded)
  return () => c.getToken(user, [GRAPH]);
});
redis.thaw();

const median = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
const base = median(rows[0]?.ms ?? [1]);
process.stdout.write(`OBO token per tool call, ${RUNS} runs each (median ms; token requests per call)\n`);
for (const row of rows) {
  const ms = median(row.ms);
  process.stdout.write(
    `${row.scenario.padEnd(70)} ${ms.toFixed(2).padStart(8)} ms  x${(ms / base).toFixed(2).padStart(5)}  requests ${median(row.requests)}\n`,
  );
}
await redis.stop();
await emulator.stop();
process.exit(0);
