import type { EmulatorAccessTokenClaims } from "../entra/access-token-verifier.js";
import { hasAnyScope, isAppToken, rolesOf } from "../http/bearer-auth.js";
import { project } from "../odata/query-options.js";
import { servicePrincipalJson } from "./graph-application-json.js";
import { deviceJson, directoryRoleJson, groupJson, USER_DEFAULT_PROPERTIES, userJson } from "./graph-json.js";
import type { GraphDeps } from "./graph-routes.js";

/**
 * Directory objects by object id, whatever their type, as Graph serializes them in
 * directoryObject collections (members, memberOf, owners): each with its `@odata.type`.
 */
export function directoryObjectJson(deps: GraphDeps, id: string): Record<string, unknown> | undefined {
  const typed = (type: string, json: Record<string, unknown>) => ({
    "@odata.type": `#microsoft.graph.${type}`,
    ...json,
  });
  const user = deps.directory.getUser(id);
  if (user) return typed("user", userJson(user));
  const group = deps.graph.getGroup(id);
  if (group) return typed("group", groupJson(group));
  const device = deps.graph.getDevice(id);
  if (device) return typed("device", deviceJson(device));
  const sp = deps.directory.getServicePrincipal(id);
  if (sp) return typed("servicePrincipal", servicePrincipalJson(sp, deps.directory.tenant.tenantId));
  const role = deps.graph.directoryRoles.find((r) => r.id === id);
  if (role) return typed("directoryRole", directoryRoleJson(role));
  return undefined;
}

/** Without $select, users in a directoryObject collection carry their default properties; other types all of theirs. */
export function directoryObjectDefaults(item: Record<string, unknown>): Record<string, unknown> {
  return item["@odata.type"] === "#microsoft.graph.user"
    ? project(item, ["@odata.type", ...USER_DEFAULT_PROPERTIES])
    : item;
}

// Reading a membership does not read every member type: without one of these, Graph returns such a
// member with its @odata.type and id only ("Limited information returned for inaccessible member
// objects" in the permissions reference). Users and groups are readable with the membership permission.
const READ_TYPE: Record<string, string[]> = {
  "#microsoft.graph.device": [
    "Device.Read.All",
    "Device.ReadWrite.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
  ],
  "#microsoft.graph.servicePrincipal": [
    "Application.Read.All",
    "Application.ReadWrite.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
  ],
};

function canRead(claims: EmulatorAccessTokenClaims, type: unknown): boolean {
  const needed = READ_TYPE[String(type)];
  if (!needed) return true;
  return isAppToken(claims) ? rolesOf(claims).some((r) => needed.includes(r)) : hasAnyScope(claims, needed);
}

/** A member the caller may not read: its type and id, every other property null. */
function limited(json: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(json).map(([key, value]) => [key, key === "@odata.type" || key === "id" ? value : null]),
  );
}

/** The objects, each as the caller may see it (see READ_TYPE); unknown ids are left out. */
export function directoryObjectsJson(
  deps: GraphDeps,
  ids: string[],
  claims: EmulatorAccessTokenClaims,
): Record<string, unknown>[] {
  return ids
    .map((id) => directoryObjectJson(deps, id))
    .filter((o) => o !== undefined)
    .map((o) => (canRead(claims, o["@odata.type"]) ? o : limited(o)));
}

/** Every member of a group, nested groups expanded (the nested groups themselves included), each once. */
export function transitiveMemberIds(deps: GraphDeps, groupId: string): string[] {
  const seen = new Set<string>();
  const visit = (id: string) => {
    for (const member of deps.graph.getGroup(id)?.memberIds ?? []) {
      if (seen.has(member)) continue;
      seen.add(member);
      if (deps.graph.getGroup(member)) visit(member);
    }
  };
  visit(groupId);
  return [...seen];
}

/** Groups and directory roles an object is a direct member of. */
export function memberOfIds(deps: GraphDeps, objectId: string): string[] {
  return [
    ...deps.graph.groupsWithMember(objectId).map((g) => g.id),
    ...deps.graph.directoryRoles.filter((r) => r.memberIds.includes(objectId)).map((r) => r.id),
  ];
}

/** Groups (through nesting) and directory roles an object is a member of, each once. */
export function transitiveMemberOfIds(deps: GraphDeps, objectId: string): string[] {
  const seen = new Set<string>();
  const visit = (id: string) => {
    for (const parent of memberOfIds(deps, id)) {
      if (seen.has(parent)) continue;
      seen.add(parent);
      visit(parent);
    }
  };
  visit(objectId);
  return [...seen];
}
