/**
 * Merges the manifests per resource API and turns permission NAMES into the IDs the resource's service
 * principal defines (application permissions → appRoles, delegated → oauth2PermissionScopes). Unknown
 * names are reported with the closest real name.
 */
import type { GraphServicePrincipal } from "../clients/graph-types.js";
import { closest } from "./did-you-mean.js";
import type { ManifestFile } from "./load-manifests.js";
import { ManifestError } from "./manifest-error.js";

/** What a resource API defines, by name. */
export interface ResourceCatalog {
  appId: string;
  displayName: string;
  spId: string;
  appRoles: Map<string, string>;
  scopes: Map<string, string>;
}

export interface ResolvedPermission {
  name: string;
  id: string;
  /** Servers whose manifests ask for it. */
  servers: string[];
}

export interface ResolvedResource {
  resourceAppId: string;
  resource: string;
  spId: string;
  appRoles: ResolvedPermission[];
  scopes: ResolvedPermission[];
}

/** Builds the name → id catalog of a resource's service principal (enabled permissions only). */
export function catalogOf(sp: GraphServicePrincipal): ResourceCatalog {
  const byName = (list: GraphServicePrincipal["appRoles"]) =>
    new Map(
      (list ?? [])
        .filter((p) => p.isEnabled !== false && typeof p.value === "string" && p.value)
        .map((p) => [p.value as string, p.id]),
    );
  return {
    appId: sp.appId.toLowerCase(),
    displayName: sp.displayName,
    spId: sp.id,
    appRoles: byName(sp.appRoles),
    scopes: byName(sp.oauth2PermissionScopes),
  };
}

/** Resource app IDs the manifests mention (lowercase, unique, in first-seen order). */
export function resourceAppIds(files: ManifestFile[]): string[] {
  return [
    ...new Set(files.flatMap((file) => file.manifest.resources.map((r) => r.resourceAppId.toLowerCase()))),
  ];
}

/**
 * Resolves every name against `catalogs` (keyed by lowercase appId; undefined = no service principal
 * in the tenant). Throws ManifestError with every problem.
 */
export function resolvePermissions(
  files: ManifestFile[],
  catalogs: Map<string, ResourceCatalog | undefined>,
): ResolvedResource[] {
  const problems: string[] = [];
  const merged = new Map<string, ResolvedResource>();
  for (const file of files) {
    file.manifest.resources.forEach((entry, rIndex) => {
      const appId = entry.resourceAppId.toLowerCase();
      const catalog = catalogs.get(appId);
      if (!catalog) {
        problems.push(
          `${file.path}: resources[${rIndex}]: ${entry.resource} (${entry.resourceAppId}) has no service principal in this tenant — an admin creates it with \`az ad sp create --id ${entry.resourceAppId}\``,
        );
        return;
      }
      let target = merged.get(appId);
      if (!target) {
        target = {
          resourceAppId: appId,
          resource: entry.resource,
          spId: catalog.spId,
          appRoles: [],
          scopes: [],
        };
        merged.set(appId, target);
      }
      const own = file.kind === "app" ? catalog.appRoles : catalog.scopes;
      const other = file.kind === "app" ? catalog.scopes : catalog.appRoles;
      const list = file.kind === "app" ? target.appRoles : target.scopes;
      entry.permissions.forEach((name, pIndex) => {
        const id = own.get(name) ?? caseInsensitive(own, name);
        if (id === undefined) {
          problems.push(
            `${file.path}: permissions[${pIndex}]: ${unknownMessage(name, entry.resource, file.kind, own, other)}`,
          );
          return;
        }
        const canonical = [...own].find(([, value]) => value === id)?.[0] ?? name;
        const existing = list.find((p) => p.id === id);
        if (existing) {
          if (!existing.servers.includes(file.server)) existing.servers.push(file.server);
        } else list.push({ name: canonical, id, servers: [file.server] });
      });
    });
  }
  if (problems.length > 0) throw new ManifestError(problems);
  return [...merged.values()];
}

function caseInsensitive(names: Map<string, string>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [candidate, id] of names) if (candidate.toLowerCase() === lower) return id;
  return undefined;
}

function unknownMessage(
  name: string,
  resource: string,
  kind: "app" | "delegated",
  own: Map<string, string>,
  other: Map<string, string>,
): string {
  if (other.has(name)) {
    return kind === "app"
      ? `"${name}" is a delegated permission of ${resource}, not an application permission — move it to permissions.delegated.json`
      : `"${name}" is an application permission of ${resource}, not a delegated one — move it to permissions.app.json`;
  }
  const guess = closest(name, own.keys());
  return `unknown permission "${name}" for ${resource}${guess ? ` — did you mean "${guess}"?` : ""}`;
}
