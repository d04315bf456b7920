/**
 * The folder that holds servers/<name>/permissions.{app,delegated}.json: the repository root in a
 * checkout, or the installed @entra-mcp/cli package, which ships the servers' manifests inside.
 * Found by walking up from this module (scripts/provision/dist/manifests/ in a checkout, dist/ of the
 * bundled package). ENTRA_MCP_REPO_ROOT overrides it (development: other manifests).
 */
import { existsSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export function repoRoot(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.ENTRA_MCP_REPO_ROOT?.trim();
  if (override) return resolve(override);
  const here = dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; dir = dirname(dir)) {
    if (holdsServerManifests(dir)) return dir;
    if (dirname(dir) === dir) return here;
  }
}

function holdsServerManifests(dir: string): boolean {
  const servers = join(dir, "servers");
  if (!existsSync(servers)) return false;
  return readdirSync(servers).some((name) => existsSync(join(servers, name, "permissions.app.json")));
}
