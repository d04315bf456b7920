/**
 * Table: memory under load. One server process takes CALLS warm `request` calls back to back; RSS is
 * read after the first call (auth done), after the last, and again after an idle pause. Targets
 * (issue): growth <= 20 MB over 5,000 calls, and it must come back (or not grow) when idle, with the
 * warm p50 unchanged. Side by side in the same run: the launcher as shipped (the server sets V8 heap flags once start-up is over)
 * and the same launcher with ENTRA_MCP_V8_FLAGS=off, plus any BENCH_MEMORY_FLAGS variants
 * ("--a --b;--c": each ;-separated set given to node before the bundle, no launcher, no compile
 * cache) to price other flags. Start-up is timed for each variant: the flags' cost is the
 * difference between the first two rows.
 */
import { dirname, join } from "node:path";
import { type BenchContext, ms, out, verdict } from "./context.js";
import { rssMb } from "./rss.js";
import { median, table } from "./stats.js";
import { openSession, type ServerCommand } from "./stdio-session.js";
import { builtServer, type SERVER_NAMES, warmCalls } from "./targets.js";

// The heap-sizing switch (server-kit's memory/heap-sizing.ts HEAP_FLAGS_ENV), kept in step by hand:
// the bench does not import server-kit.
const V8_FLAGS_ENV = "ENTRA_MCP_V8_FLAGS";

const CALLS = Number(process.env.BENCH_MEMORY_CALLS ?? 5000);
const IDLE_MS = Number(process.env.BENCH_MEMORY_IDLE_MS ?? 10_000);
const STARTS = Number(process.env.BENCH_MEMORY_STARTS ?? 5);
const SERVER = (process.env.BENCH_MEMORY_SERVER ?? "graph") as (typeof SERVER_NAMES)[number];
const TARGET_MB = 20;
const WARM_UP = Math.min(500, CALLS);
const mb = (value: number) => `${value.toFixed(1)} MB`;
const signed = (value: number) => `${value >= 0 ? "+" : ""}${value.toFixed(1)} MB`;
const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

interface Variant {
  name: string;
  command: ServerCommand;
  env: Record<string, string>;
}

interface Row {
  variant: string;
  startMs: number;
  first: number;
  /** After WARM_UP calls: JIT code, lazily loaded modules and caches are in place by then. */
  warmed: number;
  last: number;
  idle: number;
  p50: number;
  p99: number;
}

function variants(): Variant[] {
  const shipped = builtServer(SERVER);
  const bundle = { ...shipped, args: [join(dirname(shipped.launcher), "main.mjs")] };
  const list: Variant[] = [
    { name: "launcher (as shipped)", command: shipped, env: {} },
    { name: "launcher, no V8 flags", command: shipped, env: { [V8_FLAGS_ENV]: "off" } },
  ];
  for (const flags of (process.env.BENCH_MEMORY_FLAGS ?? "").split(";").filter(Boolean)) {
    const args = [...flags.split(" ").filter(Boolean), ...bundle.args];
    list.push({ name: `bundle + ${flags}`, command: { ...bundle, args }, env: {} });
  }
  return list;
}

async function soak(ctx: BenchContext, variant: Variant): Promise<Row> {
  const env = { ...ctx.env, ...variant.env };
  const starts: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const session = await openSession(variant.command, env);
    starts.push(session.initializeMs);
    await session.close();
  }
  const warm = warmCalls({ ...ctx.emulator.urls })[SERVER];
  if (!warm) throw new Error(`no warm call for ${SERVER}`);
  const session = await openSession(variant.command, env);
  try {
    const call = async () => {
      const result = await session.client.callTool({ name: warm.tool, arguments: warm.arguments });
      if (result.isError) throw new Error(`${variant.name}: ${JSON.stringify(result.content).slice(0, 300)}`);
    };
    await call();
    const first = rssMb(session.pid);
    const samples: number[] = [];
    let warmed = Number.NaN;
    for (let i = 1; i <= CALLS; i++) {
      const started = performance.now();
      await call();
      samples.push(performance.now() - started);
      if (i === WARM_UP) warmed = rssMb(session.pid);
    }
    const last = rssMb(session.pid);
    await sleep(IDLE_MS);
    const idle = rssMb(session.pid);
    const sorted = [...samples].sort((a, b) => a - b);
    return {
      variant: variant.name,
      startMs: median(starts),
      first,
      warmed,
      last,
      idle,
      p50: median(samples),
      p99: sorted[Math.floor(sorted.length * 0.99)] ?? Number.NaN,
    };
  } finally {
    await session.close();
  }
}

export async function memoryTable(ctx: BenchContext): Promise<void> {
  const rows: Row[] = [];
  for (const variant of variants()) rows.push(await soak(ctx, variant));
  const base = rows[1] as Row;
  out(
    `\nMemory under load: ${SERVER}, ${CALLS} warm \`request\` calls back to back, then ${IDLE_MS / 1000} s idle (RSS from /proc).` +
      `\nTargets: RSS growth <= ${TARGET_MB} MB over the calls and after idle; warm p50 unchanged vs no flags; start-up cost of the flags measured (row 1 vs row 2).`,
  );
  out(
    table(
      [
        "variant",
        "spawn->initialize",
        "RSS after 1st call",
        `after ${CALLS}`,
        "growth",
        `growth after call ${WARM_UP}`,
        `after ${IDLE_MS / 1000} s idle`,
        "idle vs 1st",
        "warm p50",
        "p50 vs no flags",
        "warm p99",
        "growth target",
      ],
      rows.map((row) => [
        row.variant,
        ms(row.startMs),
        mb(row.first),
        mb(row.last),
        signed(row.last - row.first),
        signed(row.last - row.warmed),
        mb(row.idle),
        signed(row.idle - row.first),
        ms(row.p50),
        `${(row.p50 / base.p50).toFixed(2)}x`,
        ms(row.p99),
        verdict(Math.max(row.last - row.first, row.idle - row.first), TARGET_MB),
      ]),
    ),
  );
}
