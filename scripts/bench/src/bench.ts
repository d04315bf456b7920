/**
 * `pnpm bench`: one run, one table per question, every entra-mcp server beside a minimal one-tool
 * server on the same MCP SDK. Start-up (spawn -> initialize, spawn -> tools/list), idle RSS, tools/list
 * size, warm `request` latency against the emulator versus a direct fetch of the same URL, calls per
 * second, and RSS over 1,000 calls; then the distribution questions, each timed in fresh processes
 * against its baseline in the same run: first tool result vs the seed recipe (first-token.ts), restart
 * on a persisted cache (restart-cache.ts), installed size and npx starts from a local registry
 * (distribution.ts). Figures, not pass/fail: the machines are noisy.
 * BENCH_ONLY=start,calls,first-token,restart,distribution,cursors runs a subset (default: all); `cursors`
 * walks 5,000+ users through list_users cursors against direct page walking (cursor-walk.ts); `memory`
 * soaks one server with 5,000 calls (memory-soak.ts); `wire` is bytes on the wire per result (wire-bytes.ts);
 * `hosted` is hosted mode (--http) beside stdio: warm-call overhead, token requests per user across two
 * replicas on one Redis, idle RSS per replica (hosted-scale.ts), and start/auth figures (hosted-http.ts).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createAuth, loadAuthConfig } from "@entra-mcp/auth-core";
import { startEmulator } from "@entra-mcp/emulator";
import { rerunWithEmulatorCa } from "@entra-mcp/test-support";
import { type BenchContext, verdict } from "./context.js";
import { cursorWalkTable } from "./cursor-walk.js";
import { distributionTables } from "./distribution.js";
import { firstTokenTable } from "./first-token.js";
import { hostedHttpTable } from "./hosted-http.js";
import { hostedScaleTables } from "./hosted-scale.js";
import { memoryTable } from "./memory-soak.js";
import { restartCacheTable } from "./restart-cache.js";
import { rssMb } from "./rss.js";
import { median, quantile, slope, table } from "./stats.js";
import { openSession, type ServerCommand } from "./stdio-session.js";
import { entraServers, minimalServer, type WarmCall, warmCalls } from "./targets.js";
import { wireBytesTable } from "./wire-bytes.js";

const STARTS = Number(process.env.BENCH_STARTS ?? 10);
const WARM_CALLS = Number(process.env.BENCH_WARM_CALLS ?? 200);
const SOAK_CALLS = Number(process.env.BENCH_SOAK_CALLS ?? 1000);
const SECTIONS = [
  "start",
  "calls",
  "first-token",
  "restart",
  "distribution",
  "cursors",
  "memory",
  "wire",
  "hosted",
] as const;
const only = (process.env.BENCH_ONLY ?? "").split(",").filter(Boolean);
for (const name of only)
  if (!(SECTIONS as readonly string[]).includes(name)) throw new Error(`BENCH_ONLY: unknown section ${name}`);
const enabled = (section: (typeof SECTIONS)[number]) => only.length === 0 || only.includes(section);

const caDir = await rerunWithEmulatorCa(import.meta.url);
const run = promisify(execFile);

const emulator = await startEmulator({ seed: "default", caDir });
const home = mkdtempSync(join(tmpdir(), "entra-mcp-bench-"));
const env: Record<string, string> = {
  ...(emulator.env as Record<string, string>),
  PATH: process.env.PATH ?? "",
  HOME: home,
  XDG_CONFIG_HOME: home,
  ENTRA_MCP_CACHE_DIR: join(home, "cache"),
  ENTRA_MCP_CACHE_PLAINTEXT: "true",
};
const out = (text = "") => process.stdout.write(`${text}\n`);
const ms = (value: number) => `${value.toFixed(1)} ms`;
const mb = (value: number) => `${value.toFixed(1)} MB`;
const signed = (value: number) => `${value >= 0 ? "+" : ""}${value.toFixed(1)} MB`;
const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

interface StartRow {
  server: ServerCommand;
  initializeMs: number;
  toolsListMs: number;
  idleRssMb: number;
  toolsListBytes: number;
}

async function measureStart(server: ServerCommand): Promise<StartRow> {
  const init: number[] = [];
  const list: number[] = [];
  const rss: number[] = [];
  let bytes = 0;
  for (let i = 0; i < STARTS; i++) {
    const session = await openSession(server, env);
    init.push(session.initializeMs);
    list.push(session.toolsListMs);
    bytes = session.toolsListBytes;
    await sleep(300);
    rss.push(rssMb(session.pid));
    await session.close();
  }
  return {
    server,
    initializeMs: median(init),
    toolsListMs: median(list),
    idleRssMb: median(rss),
    toolsListBytes: bytes,
  };
}

interface CallRow {
  server: string;
  p50: number;
  p99: number;
  directP50: number;
  directP99: number;
  /** The same direct fetch from a process of its own (direct-fetch-child.ts). */
  childDirectP50: number;
  callsPerSecond: number;
  normal: Soak;
  /** The same soak with V8's old space capped, so lazy heap growth cannot pass for a leak. */
  capped: Soak;
}

interface Soak {
  callsPerSecond: number;
  points: [number, number][];
}

/**
 * `2 x count` sequential calls, RSS sampled every 100: the first `count` warm the process up (JIT,
 * connection pools, V8 sizing its heap), the trend is taken over the second `count`.
 */
async function soak(
  server: ServerCommand,
  warm: WarmCall,
  extraEnv: Record<string, string>,
  count: number,
): Promise<Soak> {
  const session = await openSession(server, { ...env, ...extraEnv });
  const call = () => session.client.callTool({ name: warm.tool, arguments: warm.arguments });
  await call();
  const points: [number, number][] = [[0, rssMb(session.pid)]];
  const start = performance.now();
  for (let i = 1; i <= 2 * count; i++) {
    await call();
    if (i % 100 === 0) points.push([i, rssMb(session.pid)]);
  }
  const callsPerSecond = (2 * count) / ((performance.now() - start) / 1000);
  await session.close();
  return { callsPerSecond, points };
}

const trend = (points: [number, number][]) => slope(points.filter(([x]) => x >= SOAK_CALLS)) * 1000;
const rssAt = (points: [number, number][], calls: number) =>
  points.find(([x]) => x === calls)?.[1] ?? Number.NaN;

async function timeCalls(call: () => Promise<unknown>, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await call();
    samples.push(performance.now() - start);
  }
  return samples;
}

async function measureCalls(server: ServerCommand, warm: WarmCall): Promise<CallRow> {
  const session = await openSession(server, env);
  const callTool = async () => {
    const result = await session.client.callTool({ name: warm.tool, arguments: warm.arguments });
    if (result.isError)
      throw new Error(`${server.name} ${warm.tool}: ${JSON.stringify(result.content).slice(0, 300)}`);
  };
  await callTool(); // first call pays for auth: token + Key Vault, not part of the warm figure
  const samples = await timeCalls(callTool, WARM_CALLS);

  const auth = createAuth(loadAuthConfig({ ...env, ENTRA_MCP_AUTH_MODE: "app" }));
  const direct = async () => {
    const { accessToken } = await auth.getToken([warm.scope]);
    const response = await fetch(warm.url, { headers: { authorization: `Bearer ${accessToken}` } });
    await response.json();
  };
  await direct();
  const directSamples = await timeCalls(direct, WARM_CALLS);
  const childSamples = await directFromChild(warm);

  await session.close();
  const normal = await soak(server, warm, {}, SOAK_CALLS);
  const capped = await soak(server, warm, { NODE_OPTIONS: "--max-old-space-size=64" }, SOAK_CALLS);
  return {
    server: server.name,
    p50: median(samples),
    p99: quantile(samples, 0.99),
    directP50: median(directSamples),
    directP99: quantile(directSamples, 0.99),
    childDirectP50: median(childSamples),
    callsPerSecond: normal.callsPerSecond,
    normal,
    capped,
  };
}

try {
  out(
    `entra-mcp benchmark — Node ${process.version}, ${STARTS} starts per server, ${WARM_CALLS} warm calls, ${SOAK_CALLS}-call soak`,
  );
  if (enabled("start")) await startTable();
  if (enabled("calls")) await callTables();
  const ctx: BenchContext = { emulator, env, home };
  if (enabled("first-token")) await firstTokenTable(ctx);
  if (enabled("restart")) await restartCacheTable(ctx);
  if (enabled("distribution")) await distributionTables(ctx);
  if (enabled("cursors")) await cursorWalkTable(ctx);
  if (enabled("memory")) await memoryTable(ctx);
  if (enabled("wire")) await wireBytesTable(ctx);
  if (enabled("hosted")) {
    // Last: it adds hosted test users to the emulator's directory.
    out(`\n${await hostedHttpTable(ctx)}`);
    await hostedScaleTables(ctx);
  }
} finally {
  await emulator.stop();
  rmSync(home, { recursive: true, force: true });
}

async function startTable() {
  const servers = [minimalServer(), ...entraServers()];
  const starts: StartRow[] = [];
  for (const server of servers) starts.push(await measureStart(server));
  const base = starts[0] as StartRow;
  out(
    "\nStart-up and footprint (medians). Targets: tools/list time <= 0.8x minimal, idle RSS <= minimal + 10 MB, tools/list <= 12 KB",
  );
  out(
    table(
      [
        "server",
        "spawn->initialize",
        "spawn->tools/list",
        "vs minimal",
        "idle RSS",
        "vs minimal",
        "tools/list",
      ],
      starts.map((row) => [
        row.server.name,
        ms(row.initializeMs),
        ms(row.toolsListMs),
        `${(row.toolsListMs / base.toolsListMs).toFixed(2)}x`,
        mb(row.idleRssMb),
        `${row.idleRssMb - base.idleRssMb >= 0 ? "+" : ""}${(row.idleRssMb - base.idleRssMb).toFixed(1)} MB`,
        `${(row.toolsListBytes / 1024).toFixed(1)} KB`,
      ]),
    ),
  );
}

/** The direct fetch loop run in its own process: per-fetch milliseconds. */
async function directFromChild(warm: WarmCall): Promise<number[]> {
  const script = fileURLToPath(new URL("./direct-fetch-child.js", import.meta.url));
  const { stdout } = await run(process.execPath, [script, warm.url, warm.scope, String(WARM_CALLS)], {
    env: { ...process.env, ...env },
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout) as number[];
}

/** p50 of a tool call on the minimal SDK server: the SDK's own stdio round trip, nothing behind it. */
async function sdkRoundTripP50(): Promise<number> {
  const session = await openSession(minimalServer(), env);
  const echo = () => session.client.callTool({ name: "echo", arguments: { text: "ping" } });
  await echo();
  const samples = await timeCalls(echo, WARM_CALLS);
  await session.close();
  return median(samples);
}

async function callTables() {
  const calls: CallRow[] = [];
  for (const server of entraServers())
    calls.push(await measureCalls(server, warmCalls({ ...emulator.urls })[server.name] as WarmCall));
  const sdk = await sdkRoundTripP50();
  out(
    "\nWarm `request` through the server vs a direct fetch of the same URL (same token path), p50 over " +
      `${WARM_CALLS} calls. Target (issue): tool <= 1.5x (direct + the SDK's stdio round trip). That round trip alone (minimal server, echo tool): ${ms(sdk)}.` +
      "\nThe bench process also hosts the emulator, so its direct fetch crosses no process boundary; the same loop run from a process of its own (as a server fetches) is shown beside it.",
  );
  out(
    table(
      [
        "server",
        "tool p50",
        "tool p99",
        "direct p50",
        "direct p99",
        "overhead p50",
        "tool / direct",
        "tool / (direct + SDK)",
        "target 1.5x",
        "direct, own process p50",
        "tool / direct (own process)",
        "calls/s (soak)",
      ],
      calls.map((row) => [
        row.server,
        ms(row.p50),
        ms(row.p99),
        ms(row.directP50),
        ms(row.directP99),
        ms(row.p50 - row.directP50),
        `${(row.p50 / row.directP50).toFixed(2)}x`,
        `${(row.p50 / (row.directP50 + sdk)).toFixed(2)}x`,
        verdict(row.p50 / (row.directP50 + sdk), 1.5),
        ms(row.childDirectP50),
        `${(row.p50 / row.childDirectP50).toFixed(2)}x`,
        row.callsPerSecond.toFixed(0),
      ]),
    ),
  );
  out(
    `\nRSS over a soak: ${SOAK_CALLS} warm-up calls, then the trend over the next ${SOAK_CALLS}. Target: no growth trend.` +
      "\nThe capped run limits V8's old space to 64 MB: flat there means growth in the default run is V8 sizing its heap, not a leak.",
  );
  out(
    table(
      [
        "server",
        "RSS start",
        `after ${SOAK_CALLS}`,
        `after ${2 * SOAK_CALLS}`,
        "trend /1000",
        "capped: after warm-up",
        "capped: end",
        "capped: trend /1000",
      ],
      calls.map(({ server, normal, capped }) => [
        server,
        mb(rssAt(normal.points, 0)),
        mb(rssAt(normal.points, SOAK_CALLS)),
        mb(rssAt(normal.points, 2 * SOAK_CALLS)),
        signed(trend(normal.points)),
        mb(rssAt(capped.points, SOAK_CALLS)),
        mb(rssAt(capped.points, 2 * SOAK_CALLS)),
        signed(trend(capped.points)),
      ]),
    ),
  );
}
