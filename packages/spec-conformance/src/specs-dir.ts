/**
 * Where Microsoft's spec files are: ENTRA_MCP_SPECS_DIR, else `<repo root>/../shared/specs`. They are
 * reference data outside the repository (never copied in), so a fresh clone has none and the suite skips.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The files the suite reads (see the specs README for their sources). */
export const SPEC_FILES = {
  csdl: "graph-v1-cleanMetadata.xml",
  graphPermissions: "graph-permissions.json",
  graphProvisioning: "graph-provisioningInfo.json",
  powerbi: "powerbi-swagger.json",
} as const;

/** The repository root: the nearest folder up from here with pnpm-workspace.yaml. */
function repoRoot(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export interface SpecsLocation {
  dir: string;
  /** True when the folder holds the spec files. */
  present: boolean;
  /** The one line the suite prints when they are absent. */
  absentNote: string;
}

let cached: SpecsLocation | undefined;

export function specsLocation(env: NodeJS.ProcessEnv = process.env): SpecsLocation {
  if (cached && env === process.env) return cached;
  const root = repoRoot();
  const dir = env.ENTRA_MCP_SPECS_DIR
    ? resolve(env.ENTRA_MCP_SPECS_DIR)
    : resolve(root ?? process.cwd(), "..", "shared", "specs");
  const present = existsSync(join(dir, SPEC_FILES.csdl)) || existsSync(join(dir, SPEC_FILES.powerbi));
  const location = {
    dir,
    present,
    absentNote: `spec-conformance skipped: no Microsoft spec files in ${dir}; set ENTRA_MCP_SPECS_DIR to the folder that holds graph-v1-cleanMetadata.xml, graph-permissions.json, the Fabric and Power BI swaggers (see packages/spec-conformance/README.md).`,
  };
  if (env === process.env) cached = location;
  return location;
}
