/**
 * How the bench starts the seed recipe (seed-recipe.js) as a fresh process. The recipe imports its five
 * packages by name, as the document writes it. When scripts/bench has them as dependencies, it runs
 * from dist/ as it is. Until then (DEVELOPMENT STOPGAP, see the report / tsconfig "paths"), the
 * packages are taken from the workspace packages that depend on them — packages/auth-core
 * (@azure/identity, @azure/keyvault-secrets, @azure/msal-node, node-forge) and scripts/provision
 * (@azure/keyvault-certificates) — by symlinking them into a temp dir's node_modules next to a copy of
 * the compiled recipe. Node resolves a symlinked package from its real path, so their own
 * dependencies load from the pnpm store exactly as they would for a direct dependency; the module
 * graph and its load cost are the same.
 */
import { copyFileSync, existsSync, mkdirSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const RECIPE_PACKAGES = [
  "@azure/identity",
  "@azure/keyvault-certificates",
  "@azure/keyvault-secrets",
  "@azure/msal-node",
  "node-forge",
] as const;

const repo = fileURLToPath(new URL("../../../", import.meta.url));
const bench = join(repo, "scripts/bench");
/** Where to look for each package, own dependencies first. */
const SOURCES = [bench, join(repo, "packages/auth-core"), join(repo, "scripts/provision")];

export interface RecipeCommand {
  command: string;
  args: string[];
  cwd: string;
  /** Where each package was found: "scripts/bench" means a real dependency. */
  resolvedFrom: Record<string, string>;
  /** True when any package came from another workspace package's node_modules. */
  borrowed: boolean;
}

/** Prepares the recipe command; `workDir` receives the stopgap copy when one is needed. */
export function recipeCommand(workDir: string): RecipeCommand {
  const resolvedFrom: Record<string, string> = {};
  const realPaths: Record<string, string> = {};
  for (const name of RECIPE_PACKAGES) {
    const source = SOURCES.find((dir) => existsSync(join(dir, "node_modules", name, "package.json")));
    if (!source) throw new Error(`seed recipe: ${name} is in none of ${SOURCES.join(", ")}`);
    resolvedFrom[name] = source.slice(repo.length);
    realPaths[name] = realpathSync(join(source, "node_modules", name));
  }
  const script = fileURLToPath(new URL("./seed-recipe.js", import.meta.url));
  const borrowed = Object.values(resolvedFrom).some((from) => from !== "scripts/bench");
  if (!borrowed) return { command: process.execPath, args: [script], cwd: bench, resolvedFrom, borrowed };

  const dir = join(workDir, "seed-recipe");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ type: "module", private: true })}\n`);
  copyFileSync(script, join(dir, "seed-recipe.js"));
  for (const name of RECIPE_PACKAGES) {
    const link = join(dir, "node_modules", name);
    if (existsSync(link)) continue;
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(realPaths[name] as string, link, "dir");
  }
  return { command: process.execPath, args: [join(dir, "seed-recipe.js")], cwd: dir, resolvedFrom, borrowed };
}
