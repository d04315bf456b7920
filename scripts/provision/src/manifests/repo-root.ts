/**
 * The repository root: where servers/<name>/permissions.{app,delegated}.json live. This file sits at
 * scripts/provision/{src,dist}/manifests/, four levels below it. ENTRA_MCP_REPO_ROOT overrides it.
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

export function repoRoot(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.ENTRA_MCP_REPO_ROOT?.trim();
  return override ? resolve(override) : fileURLToPath(new URL("../../../../", import.meta.url));
}
