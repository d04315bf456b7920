import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/ with tsc when it is missing or older than src/, so spawn tests run the current code. */
export function ensureBuilt(): { cli: string; browserCli: string } {
  const cli = join(packageDir, "dist", "cli.js");
  const browserCli = join(packageDir, "dist", "browser-cli.js");
  if (!existsSync(cli) || statSync(cli).mtimeMs < newestMtime(join(packageDir, "src"))) {
    execFileSync(
      process.execPath,
      [join(packageDir, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"],
      {
        cwd: packageDir,
        stdio: "inherit",
      },
    );
  }
  return { cli, browserCli };
}
