/**
 * A server package's own data files: package.json (for the version) and the two permission
 * manifests, which sit at the package root beside src/ and dist/. Read once, synchronously, at
 * module load: no network, nothing lazy to go wrong later.
 */
import { readFileSync } from "node:fs";
import type { AuthMode, PermissionManifest } from "./api-description.js";

export interface ServerPackage {
  version: string;
  permissions: Record<AuthMode, PermissionManifest>;
}

/** Reads the package root one level above `moduleUrl` (pass `import.meta.url` from src/ or dist/). */
export function readServerPackage(moduleUrl: string): ServerPackage {
  const read = <T>(name: string): T =>
    JSON.parse(readFileSync(new URL(`../${name}`, moduleUrl), "utf8")) as T;
  return {
    version: read<{ version: string }>("package.json").version,
    permissions: {
      app: read<PermissionManifest>("permissions.app.json"),
      delegated: read<PermissionManifest>("permissions.delegated.json"),
    },
  };
}
