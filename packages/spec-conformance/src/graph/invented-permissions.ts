/**
 * Nothing invented: the permissions an emulated Microsoft Graph defines, compared with Microsoft's
 * provisioningInfo.json by name, type (app role = Application, scope = DelegatedWork) and ID.
 */
import type { GraphPermissionIndex } from "./graph-permissions.js";

export interface DefinedPermissions {
  appRoles: { value: string; id: string }[];
  oauth2PermissionScopes: { value: string; id: string }[];
}

// OpenID Connect scopes are requested from Graph too, but provisioningInfo lists only Graph's own permissions.
const OIDC = new Set(["openid", "profile", "email", "offline_access"]);

/** One line per permission whose name, type or ID is not Microsoft's. */
export function inventedGraphPermissions(defined: DefinedPermissions, index: GraphPermissionIndex): string[] {
  const all = [
    ...defined.appRoles.map((r) => ({ name: r.value, id: r.id, scheme: "Application" })),
    ...defined.oauth2PermissionScopes
      .filter((s) => !OIDC.has(s.value))
      .map((s) => ({ name: s.value, id: s.id, scheme: "DelegatedWork" })),
  ];
  return all.flatMap(({ name, id, scheme }) => {
    const ids = index.ids.get(name);
    if (!ids) return [`${name}: not a Microsoft Graph permission (provisioningInfo.json)`];
    const real = ids.find((i) => i.scheme === scheme);
    if (!real)
      return [`${name}: has no ${scheme} form (Microsoft's: ${ids.map((i) => i.scheme).join(", ")})`];
    return real.id === id ? [] : [`${name} (${scheme}): id ${id}, Microsoft's is ${real.id}`];
  });
}
