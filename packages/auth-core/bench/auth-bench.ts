/**
 * `pnpm bench:auth`: one run, one table. Latency medians and network requests (counted from the
 * emulator's request log) for the auth paths a server hits: cold app-only, warm, 50 concurrent cold
 * callers, and a restart on a persisted cache. Figures, not pass/fail: the machines are noisy.
 * Run with plain `node` (Node 24 strips the types); it imports the built packages.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createAuth, loadAuthConfig } from "@entra-mcp/auth-core";
import { startEmulator } from "@entra-mcp/emulator";
import { rerunWithEmulatorCa } from "@entra-mcp/test-support";

const GRAPH = "https://graph.microsoft.com/.default";
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

const caDir = await rerunWithEmulatorCa(import.meta.url);

const emulator = await startEmulator({ seed: "default", caDir });
const home = mkdtempSync(join(tmpdir(), "entra-mcp-bench-"));
for (const [name, value] of Object.entries(emulator.env))
  if (name.startsWith("AZURE_")) process.env[name] = value;
const baseEnv = { ...emulator.env, XDG_CONFIG_HOME: home, ENTRA_MCP_CACHE_PLAINTEXT: "true" };

interface Row {
  scenario: string;
  samples: number[];
  vaultReads: number[];
  tokenRequests: number[];
  requests: number[];
}

function counts() {
  const log = emulator.requests();
  return {
    vaultReads: log.filter((r) => r.origin === "vault" && r.path.startsWith("/secrets/") && r.status === 200)
      .length,
    tokenRequests: log.filter(
      (r) => r.origin === "login" && r.grantType === "client_credentials" && r.scope === GRAPH,
    ).length,
    requests: log.length,
  };
}

async function measure(
  scenario: string,
  prepare: () => Promise<() => Promise<unknown>>,
  runs = RUNS,
): Promise<Row> {
  const row: Row = { scenario, samples: [], vaultReads: [], tokenRequests: [], requests: [] };
  for (let i = 0; i < runs; i++) {
    const run = await prepare();
    emulator.clearRequests();
    const start = performance.now();
    await run();
    row.samples.push(performance.now() - start);
    const c = counts();
    row.vaultReads.push(c.vaultReads);
    row.tokenRequests.push(c.tokenRequests);
    row.requests.push(c.requests);
  }
  return row;
}

let cacheCounter = 0;
const freshCacheEnv = () => ({ ...baseEnv, ENTRA_MCP_CACHE_DIR: join(home, `cache-${++cacheCounter}`) });

/** A port nothing listens on (connection refused), and a server that accepts and never answers. */
async function unreachableVaults(): Promise<{ refused: string; silent: string; stop(): Promise<void> }> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const refusedPort = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
  const sockets = new Set<Socket>();
  const silent = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  const silentPort = (silent.address() as { port: number }).port;
  return {
    refused: `https://127.0.0.1:${refusedPort}`,
    silent: `https://127.0.0.1:${silentPort}`,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    },
  };
}
const down = await unreachableVaults();
const FAILURE_RUNS = Math.min(RUNS, 5);

const rows = [
  await measure("cold app-only (Key Vault + token)", async () => {
    const auth = createAuth(loadAuthConfig(freshCacheEnv()));
    return () => auth.getToken([GRAPH]);
  }),
  await measure("warm app-only (same process)", async () => {
    const auth = createAuth(loadAuthConfig(freshCacheEnv()));
    await auth.getToken([GRAPH]);
    return () => auth.getToken([GRAPH]);
  }),
  await measure("50 concurrent cold callers", async () => {
    const auth = createAuth(loadAuthConfig(freshCacheEnv()));
    return () => Promise.all(Array.from({ length: 50 }, () => auth.getToken([GRAPH])));
  }),
  await measure("restart on persisted cache", async () => {
    const env = freshCacheEnv();
    await createAuth(loadAuthConfig(env)).getToken([GRAPH]);
    const restarted = createAuth(loadAuthConfig(env));
    return () => restarted.getToken([GRAPH]);
  }),
  // Time until the user sees the error (target: <= 2 s for a refused vault; the deadline for a silent one).
  await measure(
    "vault refuses connections -> error",
    async () => {
      const auth = createAuth(loadAuthConfig({ ...freshCacheEnv(), ENTRA_MCP_KEYVAULT_URL: down.refused }));
      return () => auth.getToken([GRAPH]).catch(() => undefined);
    },
    FAILURE_RUNS,
  ),
  await measure(
    "vault silent, ENTRA_MCP_AUTH_TIMEOUT_SECONDS=2 -> error",
    async () => {
      const auth = createAuth(
        loadAuthConfig({
          ...freshCacheEnv(),
          ENTRA_MCP_KEYVAULT_URL: down.silent,
          ENTRA_MCP_AUTH_TIMEOUT_SECONDS: "2",
        }),
      );
      return () => auth.getToken([GRAPH]).catch(() => undefined);
    },
    FAILURE_RUNS,
  ),
];
await down.stop();

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(1)} ms`);
const distinct = (values: number[]) => [...new Set(values)].join("/");

const header = [
  "scenario",
  "runs",
  "median",
  "min",
  "max",
  "Key Vault reads",
  "app token requests",
  "all requests",
];
const lines = rows.map((row) => [
  row.scenario,
  String(row.samples.length),
  fmt(median(row.samples)),
  fmt(Math.min(...row.samples)),
  fmt(Math.max(...row.samples)),
  distinct(row.vaultReads),
  distinct(row.tokenRequests),
  distinct(row.requests),
]);
const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? "").length)));
const print = (cells: string[]) =>
  process.stdout.write(`| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |\n`);
process.stdout.write(
  `auth-core benchmark, Node ${process.version}, ${RUNS} runs each (${FAILURE_RUNS} for the failures), emulator on 127.0.0.1\n`,
);
print(header);
print(widths.map((w) => "-".repeat(w)));
for (const line of lines) print(line);
process.stdout.write(
  "(counts per run, from the emulator log; 'all requests' adds the Key Vault challenge and the developer's own Azure login)\n",
);

await emulator.stop();
rmSync(home, { recursive: true, force: true });
