/**
 * `pnpm --filter @entra-mcp/bench run profile`: where a fresh process spends its time, for the
 * distribution targets the tables cannot explain by themselves. One run of each scenario under
 * `node --cpu-prof`, against the emulator:
 *  - cold: the built graph server, empty token cache, spawn -> initialize -> list_users top 1;
 *  - restart: the same on a persisted token cache;
 *  - recipe: the seed recipe (seed-recipe.js), spawn -> first token.
 * For each: the wall-clock milestones, CPU time per loaded file (bundle chunk, or package for
 * node_modules) with the time it first ran (ms after spawn), V8 categories (GC, program = compile
 * and native), and the emulator requests on the same time line. One run each: indicative, not a median.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "@entra-mcp/emulator";
import { rerunWithEmulatorCa } from "@entra-mcp/test-support";
import type { BenchContext, Env } from "./context.js";
import { out } from "./context.js";
import { freshScript, freshServer } from "./fresh-process.js";
import { recipeCommand } from "./recipe-runner.js";
import { table } from "./stats.js";
import { builtServer } from "./targets.js";

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const caDir = await rerunWithEmulatorCa(import.meta.url);
const emulator = await startEmulator({ seed: "default", caDir });
const home = mkdtempSync(join(tmpdir(), "entra-mcp-profile-"));
const env: Env = {
  ...(emulator.env as Env),
  PATH: process.env.PATH ?? "",
  HOME: home,
  XDG_CONFIG_HOME: home,
  ENTRA_MCP_CACHE_PLAINTEXT: "true",
};
const ctx: BenchContext = { emulator, env, home };
const nowUs = () => Number(process.hrtime.bigint() / 1000n); // CLOCK_MONOTONIC, as V8's profile clock

/** Groups a script URL: bundle chunks by file name, node_modules by package, node internals as one. */
function fileGroup(url: string): string {
  if (!url) return "";
  if (url.startsWith("node:")) return "node: internals";
  const modules = url.lastIndexOf("/node_modules/");
  if (modules >= 0) {
    const rest = url.slice(modules + "/node_modules/".length).split("/");
    return rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  return url.slice(url.lastIndexOf("/") + 1);
}

function analyse(profile: CpuProfile, spawnUs: number) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const groups = new Map<string, { selfMs: number; firstMs: number; lastMs: number }>();
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    const node = byId.get(profile.samples[i] as number);
    if (!node) continue;
    const { functionName, url } = node.callFrame;
    const name = url ? fileGroup(url) : `(${functionName.replace(/[()]/g, "")})`;
    const deltaMs = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const at = (t - spawnUs) / 1000;
    const entry = groups.get(name) ?? { selfMs: 0, firstMs: at, lastMs: at };
    entry.selfMs += deltaMs;
    entry.lastMs = at;
    groups.set(name, entry);
  }
  return { groups, startMs: (profile.startTime - spawnUs) / 1000, endMs: (profile.endTime - spawnUs) / 1000 };
}

function readProfile(dir: string): CpuProfile {
  const file = readdirSync(dir).find((name) => name.endsWith(".cpuprofile"));
  if (!file) throw new Error(`no .cpuprofile in ${dir}`);
  return JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile;
}

function report(title: string, profileDir: string, spawnUs: number, spawnWall: number, milestones: string) {
  const { groups, startMs, endMs } = analyse(readProfile(profileDir), spawnUs);
  out(`\n${title}\n${milestones}; profile runs ${startMs.toFixed(0)}..${endMs.toFixed(0)} ms after spawn`);
  const rows = [...groups.entries()]
    .filter(([name]) => name !== "(idle)" && name !== "(root)")
    .sort((a, b) => b[1].selfMs - a[1].selfMs)
    .slice(0, 18);
  const idle = groups.get("(idle)")?.selfMs ?? 0;
  out(
    table(
      ["file / package (CPU self time)", "CPU ms", "first ran at", "last ran at"],
      rows.map(([name, g]) => [
        name,
        g.selfMs.toFixed(1),
        `${g.firstMs.toFixed(0)} ms`,
        `${g.lastMs.toFixed(0)} ms`,
      ]),
    ),
  );
  const requests = emulator.requests();
  out(
    `idle (waiting: I/O, network) ${idle.toFixed(0)} ms; emulator requests (ms after spawn, duration): ` +
      (requests
        .map(
          (r) =>
            `${r.origin} ${r.method} ${r.path.split("?")[0]} ${r.status} @${(Date.parse(r.time) - spawnWall).toFixed(0)} (${r.durationMs.toFixed(0)})`,
        )
        .join("; ") || "none"),
  );
}

try {
  const server = builtServer("graph");
  const tool = { kind: "tool" as const, name: "list_users", arguments: { top: 1 } };
  const profiled = (cacheDir: string, profileDir: string) => ({
    env: { ...env, ENTRA_MCP_CACHE_DIR: cacheDir },
    command: { ...server, args: ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, ...server.args] },
  });
  out(
    `fresh-process profiles (one run each, node --cpu-prof): ${server.launcher.slice(server.launcher.indexOf("servers/"))}`,
  );

  // Warm Node's compile cache and the page cache first, as the benchmark's earlier runs would have.
  await freshServer(server, { ...env, ENTRA_MCP_CACHE_DIR: join(home, "warmup") }, tool);

  for (const [title, cache] of [
    ["cold: empty token cache, spawn -> list_users top 1", join(home, "cold")],
    ["restart: persisted token cache, spawn -> list_users top 1", join(home, "cold")],
  ] as const) {
    const dir = mkdtempSync(join(home, "prof-"));
    const run = profiled(cache, dir);
    emulator.clearRequests();
    const spawnUs = nowUs();
    const spawnWall = Date.now();
    const sample = await freshServer(run.command, run.env, tool);
    report(
      title,
      dir,
      spawnUs,
      spawnWall,
      `initialize at ${sample.initializeMs.toFixed(0)} ms, result at ${sample.ms.toFixed(0)} ms`,
    );
  }

  const recipe = recipeCommand();
  const dir = mkdtempSync(join(home, "prof-"));
  emulator.clearRequests();
  const spawnUs = nowUs();
  const spawnWall = Date.now();
  const run = await freshScript<{ marks: Record<string, number> }>(
    recipe.command,
    ["--cpu-prof", `--cpu-prof-dir=${dir}`, ...recipe.args],
    { ...env, ENTRA_MCP_CERT_NAME: ctx.emulator.tenant.pfxCertName },
    recipe.cwd,
    60_000,
    true, // let it exit: the profile is written at exit
  );
  report(
    "recipe: seed-recipe.js, spawn -> first token",
    dir,
    spawnUs,
    spawnWall,
    `token line at ${run.ms.toFixed(0)} ms; marks (ms since process start): ${Object.entries(run.result.marks)
      .map(([name, at]) => `${name} ${at.toFixed(0)}`)
      .join(", ")}`,
  );
} finally {
  await emulator.stop();
  rmSync(home, { recursive: true, force: true });
}
