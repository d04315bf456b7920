/**
 * Table: the first tool result of a fresh server process (app-only, empty token cache, emulator)
 * against the seed recipe's Step 7 run as its own fresh process to its first token. Contenders are
 * interleaved run by run. Target (issue): server <= 0.5x recipe.
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
import { freshScript, freshServer, interleave } from "./fresh-process.js";
import { recipeCommand } from "./recipe-runner.js";
import { median, table } from "./stats.js";
import { builtServer } from "./targets.js";

const RUNS = Number(process.env.BENCH_FIRST_TOKEN_RUNS ?? 15);
const TARGET = 0.5;

interface Sample {
  ms: number;
  initializeMs?: number;
  counts: RequestCounts;
  marks?: Record<string, number>;
}

export async function firstTokenTable(ctx: BenchContext): Promise<void> {
  const server = builtServer("graph");
  const recipe = recipeCommand();
  const tool = { kind: "tool" as const, name: "list_users", arguments: { top: 1 } };
  let cacheRun = 0;
  const serverRun =
    (certName: string, extra: Record<string, string> = {}) =>
    async (): Promise<Sample> => {
      // An empty token cache for every run: a new ENTRA_MCP_CACHE_DIR.
      const env = {
        ...ctx.env,
        ...extra,
        ENTRA_MCP_CERT_NAME: certName,
        ENTRA_MCP_CACHE_DIR: join(ctx.home, `first-token-${++cacheRun}`),
      };
      ctx.emulator.clearRequests();
      const sample = await freshServer(server, env, tool);
      if (!sample.text?.includes("userPrincipalName"))
        throw new Error(`list_users: unexpected result ${sample.text?.slice(0, 200)}`);
      return { ms: sample.ms, initializeMs: sample.initializeMs, counts: requestCounts(ctx.emulator) };
    };
  const recipeEnv = { ...ctx.env, ENTRA_MCP_CERT_NAME: ctx.emulator.tenant.pfxCertName };
  const samples = await interleave(RUNS, {
    server: serverRun(ctx.emulator.tenant.certName),
    serverPfx: serverRun(ctx.emulator.tenant.pfxCertName),
    // A user's very first start: the launcher's compile cache not there yet.
    serverNoCompileCache: serverRun(ctx.emulator.tenant.certName, { NODE_DISABLE_COMPILE_CACHE: "1" }),
    recipe: async (): Promise<Sample> => {
      ctx.emulator.clearRequests();
      const run = await freshScript<{ tokenLength: number; marks: Record<string, number> }>(
        recipe.command,
        recipe.args,
        recipeEnv,
        recipe.cwd,
      );
      if (!(run.result.tokenLength > 0)) throw new Error("seed recipe: no token");
      return { ms: run.ms, counts: requestCounts(ctx.emulator), marks: run.result.marks };
    },
  });

  const base = median(samples.recipe.map((s) => s.ms));
  const row = (name: string, list: Sample[], target: boolean) => {
    const value = median(list.map((s) => s.ms));
    const init = list.every((s) => s.initializeMs !== undefined)
      ? ms(median(list.map((s) => s.initializeMs as number)))
      : "—";
    return [
      name,
      init,
      ms(value),
      ms(Math.min(...list.map((s) => s.ms))),
      ratio(value / base),
      target ? `<= ${TARGET}x: ${verdict(value / base, TARGET)}` : "—",
      describeCounts(list.map((s) => s.counts)),
    ];
  };
  out(
    `\nFirst result in a fresh process, app-only, empty token cache (medians of ${RUNS} interleaved runs). Target: server <= ${TARGET}x seed recipe`,
  );
  out(
    table(
      ["contender", "spawn->initialize", "spawn->result", "min", "vs recipe", "target", "requests per run"],
      [
        row(
          `graph ${server.launcher.includes("/dist/package/") ? "package" : "dist"}: list_users top 1 (PEM cert, default)`,
          samples.server,
          true,
        ),
        row("graph: list_users top 1, PKCS#12 cert (the recipe's)", samples.serverPfx, false),
        row("graph: list_users top 1, no compile cache (a first start)", samples.serverNoCompileCache, false),
        row("seed recipe Step 7: spawn -> first Graph token (PKCS#12)", samples.recipe, false),
      ],
    ),
  );
  // Where the recipe's time goes: medians of its own marks (ms since process start), step by step.
  const marks = Object.keys(samples.recipe[0]?.marks ?? {});
  const step = marks.map((name, i) => {
    const deltas = samples.recipe.map(
      (s) => (s.marks?.[name] ?? 0) - (i === 0 ? 0 : (s.marks?.[marks[i - 1] as string] ?? 0)),
    );
    return `${name} ${median(deltas).toFixed(0)}`;
  });
  out(`recipe steps (median ms, process start = 0): ${step.join(", ")}`);
  out(
    `server: ${server.launcher.slice(server.launcher.indexOf("servers/"))}; the result includes the Graph call, the recipe stops at the token.` +
      "\nEvery run starts with an empty token cache; after the warm-up round the launcher's compile cache is warm, as for every start but a user's first (that one is the no-compile-cache row)." +
      "\nThe recipe runs its document's code: no compile cache, its packages as separate ESM/CJS files, PKCS#12 parsed by node-forge.",
  );
}
