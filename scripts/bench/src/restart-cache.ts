/**
 * Table: the first tool result after a restart on a persisted token cache. One server run fills the
 * cache (plaintext file in its own ENTRA_MCP_CACHE_DIR) and stops; then fresh processes on that cache
 * are timed spawn -> first tool result (which must make no token or Key Vault request), interleaved
 * with spawn -> tools/list of the same server. Target: <= 1.5x tools/list.
 */
import { join } from "node:path";
import {
  type BenchContext,
  describeCounts,
  ms,
  out,
  type RequestCounts,
  ratio,
  requestCounts,
  verdict,
} from "./context.js";
import { freshServer, interleave } from "./fresh-process.js";
import { median, table } from "./stats.js";
import { builtServer } from "./targets.js";

const RUNS = Number(process.env.BENCH_RESTART_RUNS ?? 15);
const TARGET = 1.5;

interface Sample {
  ms: number;
  initializeMs: number;
  counts: RequestCounts;
}

export async function restartCacheTable(ctx: BenchContext): Promise<void> {
  const server = builtServer("graph");
  const env = { ...ctx.env, ENTRA_MCP_CACHE_DIR: join(ctx.home, "restart-cache") };
  const tool = { kind: "tool" as const, name: "list_users", arguments: { top: 1 } };
  await freshServer(server, env, tool); // fills the persisted cache, then stops

  const run = (step: Parameters<typeof freshServer>[2]) => async (): Promise<Sample> => {
    ctx.emulator.clearRequests();
    const sample = await freshServer(server, env, step);
    const counts = requestCounts(ctx.emulator);
    if (step.kind === "tool" && (counts.token > 0 || counts.vault > 0))
      throw new Error(
        `restart on a persisted cache made ${counts.token} token and ${counts.vault} vault requests`,
      );
    return { ms: sample.ms, initializeMs: sample.initializeMs, counts };
  };
  const samples = await interleave(RUNS, { tool: run(tool), list: run({ kind: "tools/list" }) });

  const base = median(samples.list.map((s) => s.ms));
  const row = (name: string, list: Sample[], target: boolean) => {
    const value = median(list.map((s) => s.ms));
    return [
      name,
      ms(median(list.map((s) => s.initializeMs))),
      ms(value),
      ms(Math.min(...list.map((s) => s.ms))),
      ratio(value / base),
      target ? `<= ${TARGET}x: ${verdict(value / base, TARGET)}` : "—",
      describeCounts(list.map((s) => s.counts)),
    ];
  };
  out(
    `\nFirst result after a restart on a persisted token cache (graph, medians of ${RUNS} interleaved runs). Target: first tool result <= ${TARGET}x tools/list`,
  );
  out(
    table(
      [
        "fresh process",
        "spawn->initialize",
        "spawn->answer",
        "min",
        "vs tools/list",
        "target",
        "requests per run",
      ],
      [
        row("spawn -> list_users top 1 (cached token)", samples.tool, true),
        row("spawn -> tools/list", samples.list, false),
      ],
    ),
  );
}
