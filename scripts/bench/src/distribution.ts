/**
 * Tables: what a user gets from the registry. A local verdaccio (@entra-mcp/release: 127.0.0.1, no
 * uplinks, empty npm cache) gets every public workspace package through the real publish pipeline,
 * plus a minimal one-tool SDK server packed as a one-file esbuild bundle with no dependencies (the
 * registry cannot fetch any). Then, side by side in this one run:
 *  - installed size: `npm install --prefix <tmp> @entra-mcp/<api>`, du of node_modules, packages;
 *  - cold `npx -y` (empty npm cache every run): spawn -> initialize, server vs the minimal package;
 *  - warm `npx -y` (cache populated) vs `node <installed package>/dist/launch.mjs`.
 * Nothing here publishes anywhere but that registry (the release package refuses any other).
 */

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { LocalRegistry, PublishedPackage } from "@entra-mcp/release";
import { type BenchContext, type Env, ms, out, ratio, verdict } from "./context.js";
import { freshServer, interleave } from "./fresh-process.js";
import { median, table } from "./stats.js";
import { SERVER_NAMES } from "./targets.js";

const COLD_RUNS = Number(process.env.BENCH_NPX_COLD_RUNS ?? 8);
const WARM_RUNS = Number(process.env.BENCH_NPX_WARM_RUNS ?? 10);
/** Most third-party packages copied from node_modules/.pnpm into the registry when a published server needs them. */
const SEED_MAX = Number(process.env.BENCH_SEED_MAX ?? 60);
const SIZE_TARGET_MB = 10;
const COLD_TARGET = 1.5;
const WARM_TARGET = 1.2;
const MINIMAL_PACKAGE = "entra-mcp-bench-minimal";

type Release = typeof import("@entra-mcp/release");

export async function distributionTables(ctx: BenchContext): Promise<void> {
  out("\nDistribution (local registry on 127.0.0.1, no uplinks)");
  let release: Release;
  try {
    release = await import("@entra-mcp/release");
  } catch (error) {
    out(`not measured: @entra-mcp/release cannot be loaded (${(error as Error).message.split("\n")[0]})`);
    return;
  }
  for (const name of ["startLocalRegistry", "publishWorkspacePackages", "seedFromNodeModules"] as const) {
    if (typeof release[name] !== "function") {
      out(`not measured: @entra-mcp/release does not export ${name} yet`);
      return;
    }
  }
  const registry = await release.startLocalRegistry({ tmpRoot: ctx.home });
  try {
    const work = join(ctx.home, "distribution");
    mkdirSync(work, { recursive: true });
    const setup = await publishEverything(release, registry, work);
    if (!setup) return;
    const installs = await installedSizeTable(ctx, registry, work, setup);
    await npxTables(ctx, registry, work, setup, installs);
  } finally {
    await registry.close();
  }
}

interface Setup {
  /** @entra-mcp/<api> packages in the registry. */
  servers: string[];
  /** Third-party packages copied into the registry so that the servers install at all. */
  seeded: string[];
  /** Set when the workspace publish failed and the publish folders were published directly. */
  fallback?: string;
}

/**
 * Publishes the workspace and the minimal package; seeds missing third-party dependencies. When the
 * workspace publish (changeset publish) fails, each server's publish folder (publishConfig.directory,
 * what `pnpm publish` would pack) is published as a plain folder instead, and the tables say so.
 */
async function publishEverything(
  release: Release,
  registry: LocalRegistry,
  work: string,
): Promise<Setup | undefined> {
  let published: PublishedPackage[];
  let fallback: string | undefined;
  try {
    published = (await release.publishWorkspacePackages(registry)).published;
  } catch (error) {
    const message = (error as Error).message;
    const reason = message.split("\n").find((line) => line.startsWith("- ")) ?? message.split("\n")[0];
    const folders = release
      .publicWorkspacePackages()
      .filter((pkg) => SERVER_NAMES.some((api) => pkg.name === `@entra-mcp/${api}`))
      .filter((pkg) => pkg.publishDir !== pkg.dir && existsSync(join(pkg.publishDir, "package.json")));
    if (folders.length === 0) {
      out(`not measured: publishing the workspace to the local registry failed: ${message.slice(0, 1500)}`);
      return undefined;
    }
    fallback = `publishWorkspacePackages failed (${reason?.trim()}); published instead: ${folders.map((pkg) => pkg.publishDir.slice(release.REPO_ROOT.length)).join(", ")} as plain folders (seedFromNodeModules)`;
    published = await release.seedFromNodeModules(
      registry,
      folders.map((pkg) => pkg.publishDir),
    );
  }
  const names = new Set(published.map((pkg) => pkg.name));
  const servers = SERVER_NAMES.map((api) => `@entra-mcp/${api}`).filter((name) => names.has(name));
  if (servers.length === 0) {
    out(`not measured: no server package was published (published: ${[...names].join(", ") || "none"})`);
    return undefined;
  }
  const seeded = await seedThirdParty(release, registry, published, names);
  await release.seedFromNodeModules(registry, [minimalPackage(work)]);
  return { servers, seeded, fallback };
}

/**
 * The registry has no uplinks: any third-party dependency of a published package must be put there.
 * Copies every installed version of each missing name (and, recursively, of their dependencies) from
 * node_modules/.pnpm, up to SEED_MAX packages. A self-contained server package needs none.
 */
async function seedThirdParty(
  release: Release,
  registry: LocalRegistry,
  published: PublishedPackage[],
  workspace: Set<string>,
): Promise<string[]> {
  const dependencyNames = (manifest: Record<string, unknown>) =>
    ["dependencies", "optionalDependencies", "peerDependencies"].flatMap((field) =>
      Object.keys((manifest[field] ?? {}) as Record<string, string>),
    );
  const queue = published
    .flatMap((pkg) => dependencyNames(pkg.manifest))
    .filter((name) => !workspace.has(name));
  const seen = new Set<string>();
  const dirs: string[] = [];
  while (queue.length > 0) {
    const name = queue.shift() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    const escaped = name.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    for (const dir of release.findInstalledPackages(new RegExp(`^${escaped}$`))) {
      dirs.push(dir);
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Record<string, unknown>;
      queue.push(...dependencyNames(manifest).filter((dep) => !workspace.has(dep)));
    }
    if (dirs.length > SEED_MAX) {
      throw new Error(
        `the published servers need more than ${SEED_MAX} third-party packages (${[...seen].slice(0, 30).join(", ")}, ...); ` +
          "the local registry has no uplinks. Raise BENCH_SEED_MAX to seed them all.",
      );
    }
  }
  if (dirs.length > 0) await release.seedFromNodeModules(registry, dirs);
  return dirs.map((dir) => {
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
      name: string;
      version: string;
    };
    return `${manifest.name}@${manifest.version}`;
  });
}

/**
 * A publishable folder holding the minimal one-tool SDK server (minimal-server.ts) bundled by esbuild
 * into one file: SDK and zod inside, so it needs nothing from the registry.
 */
function minimalPackage(work: string): string {
  const dir = join(work, "minimal-package");
  mkdirSync(dir, { recursive: true });
  const entry = fileURLToPath(new URL("./minimal-server.js", import.meta.url));
  const esbuild = fileURLToPath(new URL("../node_modules/.bin/esbuild", import.meta.url));
  const result = spawnSync(
    esbuild,
    [
      entry,
      "--bundle",
      "--platform=node",
      "--format=esm",
      "--target=node22",
      "--legal-comments=none",
      `--outfile=${join(dir, "server.mjs")}`,
      // Some SDK dependencies are CommonJS and call require(): give the ESM bundle a real one.
      "--banner:js=#!/usr/bin/env node\nimport { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);",
      "--log-level=warning",
    ],
    { encoding: "utf8" },
  );
  if (result.status !== 0) throw new Error(`esbuild minimal server: ${result.stderr}`);
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify(
      {
        name: MINIMAL_PACKAGE,
        version: "1.0.0",
        description: "pnpm bench: the minimal one-tool MCP SDK server, one esbuild file, no dependencies",
        type: "module",
        license: "MIT",
        bin: { [MINIMAL_PACKAGE]: "server.mjs" },
        files: ["server.mjs"],
      },
      null,
      2,
    )}\n`,
  );
  return dir;
}

/** npm/npx settings for the registry, with this run's npm cache. */
function npmEnv(ctx: BenchContext, registry: LocalRegistry, cache: string): Env {
  mkdirSync(cache, { recursive: true });
  return { ...ctx.env, ...registry.env, npm_config_cache: cache, npm_config_loglevel: "error" };
}

interface Install {
  name: string;
  prefix: string;
  /** The installed package's bin, to start it with plain node. */
  bin: string;
  bytes: number;
  diskBytes: number;
  packages: number;
  ms: number;
}

async function install(
  ctx: BenchContext,
  registry: LocalRegistry,
  work: string,
  name: string,
): Promise<Install> {
  const prefix = join(work, `install-${name.replace(/[@/]/g, "_")}`);
  mkdirSync(prefix, { recursive: true });
  const env = npmEnv(ctx, registry, join(prefix, ".npm-cache"));
  const started = performance.now();
  const result = spawnSync("npm", ["install", "--prefix", prefix, "--no-audit", "--no-fund", name], {
    env,
    cwd: prefix,
    encoding: "utf8",
    timeout: 300_000,
  });
  const elapsed = performance.now() - started;
  if (result.status !== 0)
    throw new Error(
      `npm install ${name} failed (${result.status ?? result.signal}):\n${result.stderr.slice(-3000)}`,
    );
  const modules = join(prefix, "node_modules");
  const du = (flag: string) =>
    Number(spawnSync("du", [flag, modules], { encoding: "utf8" }).stdout.split(/\s/)[0]);
  const packageDir = join(modules, name);
  const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as {
    bin?: string | Record<string, string>;
  };
  const bin = typeof manifest.bin === "string" ? manifest.bin : Object.values(manifest.bin ?? {})[0];
  if (!bin) throw new Error(`${name} has no bin`);
  return {
    name,
    prefix,
    bin: join(packageDir, bin),
    bytes: du("-sb"),
    diskBytes: du("-sk") * 1024,
    packages: countPackages(modules),
    ms: elapsed,
  };
}

/** Package folders under node_modules (scoped ones and nested node_modules included). */
function countPackages(modules: string): number {
  if (!existsSync(modules)) return 0;
  let count = 0;
  for (const entry of readdirSync(modules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
    const dirs = entry.name.startsWith("@")
      ? readdirSync(join(modules, entry.name), { withFileTypes: true })
          .filter((scoped) => scoped.isDirectory())
          .map((scoped) => join(modules, entry.name, scoped.name))
      : [join(modules, entry.name)];
    for (const dir of dirs) {
      if (!existsSync(join(dir, "package.json"))) continue;
      count += 1 + countPackages(join(dir, "node_modules"));
    }
  }
  return count;
}

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

async function installedSizeTable(
  ctx: BenchContext,
  registry: LocalRegistry,
  work: string,
  setup: Setup,
): Promise<Map<string, Install>> {
  const installs = new Map<string, Install>();
  for (const name of [...setup.servers, MINIMAL_PACKAGE])
    installs.set(name, await install(ctx, registry, work, name));
  out(
    `\nInstalled size: npm install --prefix <tmp> <package> from the local registry. Target: <= ${SIZE_TARGET_MB} MB per server`,
  );
  out(
    table(
      ["package", "node_modules (bytes)", "MB", "on disk", "packages", "npm install (empty cache)", "target"],
      [...installs.values()].map((row) => [
        row.name,
        String(row.bytes),
        megabytes(row.bytes),
        megabytes(row.diskBytes),
        String(row.packages),
        ms(row.ms),
        row.name === MINIMAL_PACKAGE
          ? "— (reference)"
          : `<= ${SIZE_TARGET_MB} MB: ${verdict(row.bytes / 1e6, SIZE_TARGET_MB)}`,
      ]),
    ),
  );
  out(
    `MB = 10^6 bytes, apparent size (du -sb); "on disk" = du -sk. ${MINIMAL_PACKAGE} is the minimal SDK server as one esbuild file.` +
      (setup.seeded.length > 0
        ? `\nThe servers need third-party packages; the registry has no uplinks, so these were copied in from node_modules/.pnpm: ${setup.seeded.join(", ")}`
        : "\nNo third-party package had to be put in the registry: the server packages are self-contained.") +
      (setup.fallback ? `\nPUBLISHED WITHOUT THE RELEASE PIPELINE: ${setup.fallback}` : ""),
  );
  return installs;
}

interface NpxSample {
  ms: number;
  /** Registry requests during the run (metadata + tarballs). */
  requests: number;
  /** Of those, answered 404 (optional packages the registry does not have). */
  notFound: number;
}

async function npxTables(
  ctx: BenchContext,
  registry: LocalRegistry,
  work: string,
  setup: Setup,
  installs: Map<string, Install>,
): Promise<void> {
  const server = setup.servers.includes("@entra-mcp/graph")
    ? "@entra-mcp/graph"
    : (setup.servers[0] as string);
  // npx must not find the package in a project: run it from an empty folder.
  const cwd = join(work, "npx-cwd");
  mkdirSync(cwd, { recursive: true });
  let cacheRun = 0;
  const countRequests = async (run: () => Promise<number>): Promise<NpxSample> => {
    const before = registry.traffic().requests.length;
    const elapsed = await run();
    const requests = registry.traffic().requests.slice(before);
    return {
      ms: elapsed,
      requests: requests.length,
      notFound: requests.filter((r) => r.status === 404).length,
    };
  };
  const npx = (pkg: string, cache: () => string) => () =>
    countRequests(async () => {
      const env = npmEnv(ctx, registry, cache());
      const sample = await freshServer({ name: pkg, command: "npx", args: ["-y", pkg], cwd }, env, {
        kind: "initialize",
      });
      return sample.ms;
    });
  const coldCache = () => join(work, `npx-cold-${++cacheRun}`);

  const cold = await interleave(COLD_RUNS, {
    server: npx(server, coldCache),
    minimal: npx(MINIMAL_PACKAGE, coldCache),
  });
  const coldBase = median(cold.minimal.map((s) => s.ms));
  const rows = (list: [string, NpxSample[], string][], base: number) =>
    list.map(([name, samples, target]) => {
      const value = median(samples.map((s) => s.ms));
      return [
        name,
        ms(value),
        ms(Math.min(...samples.map((s) => s.ms))),
        ratio(value / base),
        target,
        `${[...new Set(samples.map((s) => s.requests))].join("/")} (404: ${[...new Set(samples.map((s) => s.notFound))].join("/")})`,
      ];
    });
  const coldRatio = median(cold.server.map((s) => s.ms)) / coldBase;
  out(
    `\nCold \`npx -y\` first start (empty npm cache every run, local registry): spawn -> initialize, medians of ${COLD_RUNS} interleaved runs. Target: <= ${COLD_TARGET}x the minimal package`,
  );
  out(
    table(
      ["command", "spawn->initialize", "min", "vs minimal", "target", "registry requests"],
      rows(
        [
          [`npx -y ${server}`, cold.server, `<= ${COLD_TARGET}x: ${verdict(coldRatio, COLD_TARGET)}`],
          [`npx -y ${MINIMAL_PACKAGE}`, cold.minimal, "—"],
        ],
        coldBase,
      ),
    ),
  );
  out(
    `${MINIMAL_PACKAGE}: minimal-server.ts as one esbuild file (SDK + zod inside), no dependencies, published to the same registry in this run — the registry has no uplinks, so it could serve nothing else.` +
      "\n404s: npm asks for every optional platform package of @napi-rs/keyring; only this machine's is installed (and seeded), the others are 404 here where the public registry would send their metadata (no tarballs: wrong os/cpu)." +
      "\nA loopback registry has no network latency: real first starts add the round trips of these requests.",
  );

  // Warm: one npm cache per package, filled by interleave's warm-up round.
  const warmCache = (pkg: string) => {
    const dir = join(work, `npx-warm-${pkg.replace(/[@/]/g, "_")}`);
    return () => dir;
  };
  const serverCache = warmCache(server);
  const minimalCache = warmCache(MINIMAL_PACKAGE);
  const installed = installs.get(server) as Install;
  const installedMinimal = installs.get(MINIMAL_PACKAGE) as Install;
  const direct = (bin: string) => () =>
    countRequests(
      async () =>
        (
          await freshServer({ name: bin, command: process.execPath, args: [bin], cwd }, ctx.env, {
            kind: "initialize",
          })
        ).ms,
    );
  const warm = await interleave(WARM_RUNS, {
    server: npx(server, serverCache),
    direct: direct(installed.bin),
    minimal: npx(MINIMAL_PACKAGE, minimalCache),
    minimalDirect: direct(installedMinimal.bin),
  });
  const warmBase = median(warm.direct.map((s) => s.ms));
  const warmRatio = median(warm.server.map((s) => s.ms)) / warmBase;
  const minimalBase = median(warm.minimalDirect.map((s) => s.ms));
  out(
    `\nWarm \`npx -y\` start (npm cache populated) vs node on the installed bin: spawn -> initialize, medians of ${WARM_RUNS} interleaved runs. Target: <= ${WARM_TARGET}x direct`,
  );
  out(
    table(
      ["command", "spawn->initialize", "min", "vs direct", "target", "registry requests"],
      [
        ...rows(
          [
            [
              `npx -y ${server} (warm)`,
              warm.server,
              `<= ${WARM_TARGET}x: ${verdict(warmRatio, WARM_TARGET)}`,
            ],
            [`node ${installed.bin.slice(installed.prefix.length + 1)}`, warm.direct, "—"],
          ],
          warmBase,
        ),
        ...rows(
          [
            [`npx -y ${MINIMAL_PACKAGE} (warm, reference)`, warm.minimal, "—"],
            [
              `node ${installedMinimal.bin.slice(installedMinimal.prefix.length + 1)} (reference)`,
              warm.minimalDirect,
              "—",
            ],
          ],
          minimalBase,
        ),
      ],
    ),
  );
  out("reference rows: the minimal package's own npx overhead, ratio against its own direct start.");
}
