/**
 * requiredResourceAccess: what the app registration declares it needs, built from the resolved
 * manifests and merged with what the app already declares (provisioning never removes a permission
 * someone added, so deselecting a server with --servers is safe).
 */
import type { RequiredResourceAccess } from "../clients/graph-types.js";
import type { ResolvedResource } from "../manifests/resolve-permissions.js";

export interface AccessDifference {
  merged: RequiredResourceAccess[];
  /** Per resource: names of the permissions that are added. */
  added: { resource: string; names: string[] }[];
}

/** `existing` plus every permission of `resources` it lacks. */
export function mergeRequiredAccess(
  existing: RequiredResourceAccess[],
  resources: ResolvedResource[],
): AccessDifference {
  const merged = existing.map((entry) => ({
    resourceAppId: entry.resourceAppId,
    resourceAccess: entry.resourceAccess.map((access) => ({ id: access.id, type: access.type })),
  }));
  const added: AccessDifference["added"] = [];
  for (const resource of resources) {
    const wanted = [
      ...resource.appRoles.map((p) => ({ id: p.id, type: "Role" as const, name: p.name })),
      ...resource.scopes.map((p) => ({ id: p.id, type: "Scope" as const, name: p.name })),
    ];
    if (wanted.length === 0) continue;
    let entry = merged.find((e) => e.resourceAppId.toLowerCase() === resource.resourceAppId);
    if (!entry) {
      entry = { resourceAppId: resource.resourceAppId, resourceAccess: [] };
      merged.push(entry);
    }
    const names: string[] = [];
    for (const permission of wanted) {
      const present = entry.resourceAccess.some(
        (access) =>
          access.id.toLowerCase() === permission.id.toLowerCase() && access.type === permission.type,
      );
      if (!present) {
        entry.resourceAccess.push({ id: permission.id, type: permission.type });
        names.push(`${permission.name} (${permission.type === "Role" ? "application" : "delegated"})`);
      }
    }
    if (names.length > 0) added.push({ resource: resource.resource, names });
  }
  return { merged, added };
}
