/**
 * How the bench starts the seed recipe (seed-recipe.js) as a fresh process: plain `node` on the compiled
 * script in dist/, which imports its five packages by name from scripts/bench's own dependencies.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const RECIPE_PACKAGES = [
  "@azure/identity",
  "@azure/keyvault-certificates",
  "@azure/keyvault-secrets",
  "@azure/msal-node",
  "node-forge",
] as const;

const bench = fileURLToPath(new URL("../", import.meta.url));

export interface RecipeCommand {
  command: string;
  args: string[];
  cwd: string;
}

/** The recipe command; throws, naming the missing packages, when scripts/bench lacks any of them. */
export function recipeCommand(): RecipeCommand {
  const missing = RECIPE_PACKAGES.filter(
    (name) => !existsSync(join(bench, "node_modules", name, "package.json")),
  );
  if (missing.length > 0)
    throw new Error(`seed recipe: scripts/bench lacks ${missing.join(", ")} (run pnpm install)`);
  const script = fileURLToPath(new URL("./seed-recipe.js", import.meta.url));
  return { command: process.execPath, args: [script], cwd: bench };
}
