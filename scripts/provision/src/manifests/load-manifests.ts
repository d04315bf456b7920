/**
 * Reads servers/<name>/permissions.app.json and permissions.delegated.json for the selected servers and
 * checks their shape (schema, duplicates). Every problem is collected, then reported at once with the
 * file path relative to the repository root.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { UsageError } from "../errors.js";
import { closest } from "./did-you-mean.js";
import { ManifestError } from "./manifest-error.js";
import { formatPath, type Manifest, manifestSchema } from "./manifest-schema.js";

export type ManifestKind = "app" | "delegated";

export interface ManifestFile {
  server: string;
  kind: ManifestKind;
  /** Path relative to the repository root, with forward slashes (what messages show). */
  path: string;
  manifest: Manifest;
}

export const MANIFEST_KINDS: readonly ManifestKind[] = ["app", "delegated"];

/** Server folder names under `<root>/servers` that have a permission manifest, sorted. */
export function discoverServers(rootDir: string): string[] {
  const dir = join(rootDir, "servers");
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .filter((name) => MANIFEST_KINDS.some((kind) => existsSync(manifestPath(rootDir, name, kind))))
    .sort();
}

/** Validates `--servers` against the servers that exist; undefined or empty means all of them. */
export function selectServers(rootDir: string, requested: string[] | undefined): string[] {
  const available = discoverServers(rootDir);
  if (available.length === 0) {
    throw new UsageError(
      `No servers with permission manifests under ${join(rootDir, "servers")}.`,
      "the installed @entra-mcp/cli ships them under servers/: reinstall it (`npx -y @entra-mcp/cli@latest`), or point ENTRA_MCP_REPO_ROOT at an entra-mcp checkout.",
    );
  }
  if (!requested || requested.length === 0) return available;
  const unknown = requested.filter((name) => !available.includes(name));
  if (unknown.length > 0) {
    const hints = unknown.map((name) => {
      const guess = closest(name, available);
      return `"${name}"${guess ? ` (did you mean "${guess}"?)` : ""}`;
    });
    throw new UsageError(
      `--servers: unknown server ${hints.join(", ")}; available: ${available.join(", ")}.`,
      `pass a comma-separated list of ${available.join(", ")}.`,
    );
  }
  return [...new Set(requested)];
}

export function manifestPath(rootDir: string, server: string, kind: ManifestKind): string {
  return join(rootDir, "servers", server, `permissions.${kind}.json`);
}

/** Reads and checks both manifests of each server; throws ManifestError listing every problem. */
export function loadManifests(rootDir: string, servers: string[]): ManifestFile[] {
  const files: ManifestFile[] = [];
  const problems: string[] = [];
  for (const server of servers) {
    for (const kind of MANIFEST_KINDS) {
      const absolute = manifestPath(rootDir, server, kind);
      const shown = relative(rootDir, absolute).split(sep).join("/");
      const result = readManifest(absolute, shown);
      if ("problems" in result) problems.push(...result.problems);
      else files.push({ server, kind, path: shown, manifest: result.manifest });
    }
  }
  if (problems.length > 0) throw new ManifestError(problems);
  return files;
}

/** One file: JSON, schema, duplicate resources and duplicate permissions. */
export function readManifest(
  absolute: string,
  shown: string,
): { manifest: Manifest } | { problems: string[] } {
  let text: string;
  try {
    text = readFileSync(absolute, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      problems: [
        code === "ENOENT"
          ? `${shown}: missing (every server has permissions.app.json and permissions.delegated.json; use {"resources": []} for none)`
          : `${shown}: cannot be read (${code ?? "error"})`,
      ],
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { problems: [`${shown}: not valid JSON (${(error as Error).message})`] };
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => {
        const keys = "keys" in issue && Array.isArray(issue.keys) ? ` ${issue.keys.join(", ")}` : "";
        return `${shown}: ${formatPath(issue.path)}: ${issue.message}${keys}`;
      }),
    };
  }
  const problems = duplicateProblems(parsed.data, shown);
  return problems.length > 0 ? { problems } : { manifest: parsed.data };
}

function duplicateProblems(manifest: Manifest, shown: string): string[] {
  const problems: string[] = [];
  const seenResources = new Map<string, number>();
  manifest.resources.forEach((resource, index) => {
    const appId = resource.resourceAppId.toLowerCase();
    const first = seenResources.get(appId);
    if (first !== undefined) {
      problems.push(
        `${shown}: resources[${index}]: duplicate resource ${resource.resourceAppId} (${resource.resource}), also resources[${first}] — list each resource API once`,
      );
    } else seenResources.set(appId, index);
    const seen = new Map<string, number>();
    resource.permissions.forEach((permission, pIndex) => {
      const key = permission.toLowerCase();
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        problems.push(
          `${shown}: permissions[${pIndex}]: duplicate permission "${permission}" for ${resource.resource} (also permissions[${earlier}])`,
        );
      } else seen.set(key, pIndex);
    });
  });
  return problems;
}
