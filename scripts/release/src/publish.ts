/**
 * Publishing to the local registry, and only to it: the workspace through the real pipeline
 * (`changeset publish`, which runs `pnpm publish` in every public package), and already-installed
 * third-party packages the registry cannot fetch itself (it has no uplinks).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { LocalRegistry } from "./local-registry.js";
import { assertLoopbackEnv, assertLoopbackRegistry, assertNoForeignPublishConfig } from "./registry-guard.js";
import { type CommandResult, expectSuccess, runCommand } from "./run-command.js";
import { publicWorkspacePackages, REPO_ROOT } from "./workspace.js";

export interface PublishedPackage {
  name: string;
  version: string;
  /** The tarball URL the registry serves for that version. */
  tarball: string;
  /** The published manifest of that version, as the registry returns it. */
  manifest: Record<string, unknown>;
}

export interface WorkspacePublishResult {
  /** Every public workspace package as read back from the registry after publishing. */
  published: PublishedPackage[];
  /** The `changeset publish` run (its output shows what it did). */
  run: CommandResult;
}

/**
 * The environment every publish runs with: only PATH and locale from this process, a private HOME,
 * and the registry's npm/pnpm settings, so no user, global or project configuration can redirect it.
 */
export function publishEnv(registry: LocalRegistry, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  assertLoopbackRegistry(registry.url, "publish");
  const home = join(registry.dir, "publisher-home");
  mkdirSync(home, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    LANG: process.env.LANG ?? "C.UTF-8",
    TMPDIR: process.env.TMPDIR,
    HOME: home,
    XDG_CONFIG_HOME: join(home, ".config"),
    XDG_CACHE_HOME: join(home, ".cache"),
    XDG_DATA_HOME: join(home, ".local", "share"),
    CI: "true",
    ...extra,
    ...registry.env,
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  assertLoopbackEnv(env, registry.url, "publish");
  return env;
}

export interface PublishWorkspaceOptions {
  root?: string;
  timeoutMs?: number;
  /**
   * `changeset` (default): `changeset publish --no-git-tag`, the release pipeline itself.
   * `pnpm`: `pnpm -r publish` of the same packages, for callers (benchmarks) that only need the
   * packages in the registry and must not depend on the changeset configuration being releasable.
   */
  via?: "changeset" | "pnpm";
}

/**
 * Publishes the workspace with `changeset publish --no-git-tag` at the repository root, pointed at
 * `registry`, and reads every public package back from it. Throws when the command fails or a public
 * package is not in the registry at its workspace version afterwards.
 */
export async function publishWorkspacePackages(
  registry: LocalRegistry,
  options: PublishWorkspaceOptions = {},
): Promise<WorkspacePublishResult> {
  assertLoopbackRegistry(registry.url, "publishWorkspacePackages");
  const root = options.root ?? REPO_ROOT;
  const packages = publicWorkspacePackages(root);
  for (const pkg of packages) {
    assertNoForeignPublishConfig(pkg.packageJson, `${pkg.name} (package.json)`);
    if (pkg.publishDir !== pkg.dir) {
      const published = JSON.parse(readFileSync(join(pkg.publishDir, "package.json"), "utf8"));
      assertNoForeignPublishConfig(published, `${pkg.name} (${pkg.publishDir}/package.json)`);
    }
  }
  const env = publishEnv(registry);
  const args =
    options.via === "pnpm"
      ? [
          "-r",
          ...packages.flatMap((pkg) => ["--filter", pkg.name]),
          "publish",
          "--no-git-checks",
          "--access",
          "public",
        ]
      : ["exec", "changeset", "publish", "--no-git-tag"];
  const run = expectSuccess(
    await runCommand("pnpm", args, { cwd: root, env, timeoutMs: options.timeoutMs ?? 300_000 }),
    options.via === "pnpm" ? "pnpm -r publish" : "changeset publish",
  );
  const published: PublishedPackage[] = [];
  const missing: string[] = [];
  for (const pkg of packages) {
    const found = await readPublished(registry, pkg.name, pkg.version);
    if (found) published.push(found);
    else missing.push(`${pkg.name}@${pkg.version}`);
  }
  if (missing.length > 0) {
    throw new Error(
      `release: changeset publish exited 0 but the registry lacks ${missing.join(", ")}\n${run.stdout}\n${run.stderr}`,
    );
  }
  return { published, run };
}

/**
 * Publishes installed third-party packages (folders under node_modules/.pnpm) to the registry:
 * each is copied, stripped of `publishConfig` and `scripts`, packed with `npm pack --ignore-scripts`
 * and published with an explicit `--registry` and the registry's userconfig.
 */
export async function seedFromNodeModules(
  registry: LocalRegistry,
  packageDirs: string[],
): Promise<PublishedPackage[]> {
  const url = assertLoopbackRegistry(registry.url, "seedFromNodeModules");
  const env = publishEnv(registry);
  const work = mkdtempSync(join(registry.dir, "seed-"));
  const seeded: PublishedPackage[] = [];
  try {
    for (const [index, packageDir] of packageDirs.entries()) {
      const copy = join(work, `package-${index}`);
      cpSync(packageDir, copy, { recursive: true, dereference: true });
      const manifestPath = join(copy, "package.json");
      const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Record<string, unknown>;
      delete manifest.publishConfig;
      delete manifest.scripts;
      writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
      const name = String(manifest.name);
      const version = String(manifest.version);
      const pack = expectSuccess(
        await runCommand("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], {
          cwd: copy,
          env,
        }),
        `npm pack ${name}`,
      );
      const filename = (JSON.parse(pack.stdout) as { filename: string }[])[0]?.filename;
      if (!filename) throw new Error(`release: npm pack ${name} printed no filename\n${pack.stdout}`);
      expectSuccess(
        await runCommand(
          "npm",
          [
            "publish",
            join(work, filename),
            "--registry",
            url,
            "--userconfig",
            registry.userconfig,
            "--access",
            "public",
            "--ignore-scripts",
            "--tag",
            "latest",
          ],
          { cwd: work, env },
        ),
        `npm publish ${name}@${version}`,
      );
      const found = await readPublished(registry, name, version);
      if (!found)
        throw new Error(`release: ${name}@${version} was published but the registry does not list it`);
      seeded.push(found);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return seeded;
}

/** The registry's manifest of `name@version`, or undefined when it does not have that version. */
export async function readPublished(
  registry: LocalRegistry,
  name: string,
  version: string,
): Promise<PublishedPackage | undefined> {
  const response = await fetch(new URL(name.replace("/", "%2f"), registry.url), {
    headers: { accept: "application/json" },
  });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`release: GET ${name} from the local registry: ${response.status}`);
  const packument = (await response.json()) as { versions?: Record<string, Record<string, unknown>> };
  const manifest = packument.versions?.[version];
  if (!manifest) return undefined;
  const dist = (manifest.dist ?? {}) as { tarball?: string };
  return { name, version, tarball: String(dist.tarball ?? ""), manifest };
}
