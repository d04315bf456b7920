/** The monorepo as the release sees it: its root, its packages, which of them are published. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file is scripts/release/{src,dist}/workspace.*). */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export interface WorkspacePackage {
  name: string;
  version: string;
  private: boolean;
  /** The package folder. */
  dir: string;
  /** What `pnpm publish` packs: publishConfig.directory when set, else the folder. */
  publishDir: string;
  packageJson: Record<string, unknown>;
}

/** Every package matched by pnpm-workspace.yaml's `packages:` globs (`dir/*` or `dir`). */
export function workspacePackages(root: string = REPO_ROOT): WorkspacePackage[] {
  const yaml = readFileSync(join(root, "pnpm-workspace.yaml"), "utf8");
  const block = /^packages:\s*\n((?:[ \t]+-.*\n?)+)/m.exec(yaml)?.[1] ?? "";
  const globs = block
    .split("\n")
    .map((line) =>
      line
        .replace(/^\s*-\s*/, "")
        .replace(/["']/g, "")
        .trim(),
    )
    .filter(Boolean);
  const dirs = globs.flatMap((glob) => {
    if (!glob.endsWith("/*")) return [join(root, glob)];
    const parent = join(root, glob.slice(0, -2));
    if (!existsSync(parent)) return [];
    return readdirSync(parent, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(parent, entry.name));
  });
  return dirs
    .filter((dir) => existsSync(join(dir, "package.json")))
    .map((dir) => {
      const packageJson = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Record<
        string,
        unknown
      >;
      const publishConfig = (packageJson.publishConfig ?? {}) as { directory?: string };
      return {
        name: String(packageJson.name),
        version: String(packageJson.version),
        private: packageJson.private === true,
        dir,
        publishDir: publishConfig.directory ? resolve(dir, publishConfig.directory) : dir,
        packageJson,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The packages `changeset publish` would publish: not private, not ignored in .changeset/config.json. */
export function publicWorkspacePackages(root: string = REPO_ROOT): WorkspacePackage[] {
  const configPath = join(root, ".changeset", "config.json");
  const ignore = existsSync(configPath)
    ? ((JSON.parse(readFileSync(configPath, "utf8")) as { ignore?: string[] }).ignore ?? [])
    : [];
  return workspacePackages(root).filter((pkg) => !pkg.private && !ignore.includes(pkg.name));
}

/**
 * Installed copies of third-party packages in pnpm's virtual store (`node_modules/.pnpm`) whose names
 * match: e.g. `/^@napi-rs\/keyring(-.+)?$/` finds the binding and the platform package installed here.
 */
export function findInstalledPackages(pattern: RegExp, root: string = REPO_ROOT): string[] {
  const store = join(root, "node_modules", ".pnpm");
  const found: string[] = [];
  for (const entry of readdirSync(store)) {
    // <name with / as +>@<version>[_<peer suffix>]
    const at = entry.indexOf("@", 1);
    if (at < 0) continue;
    const name = entry.slice(0, at).replace("+", "/");
    const dir = join(store, entry, "node_modules", name);
    if (pattern.test(name) && existsSync(join(dir, "package.json"))) found.push(dir);
  }
  return found.sort();
}
