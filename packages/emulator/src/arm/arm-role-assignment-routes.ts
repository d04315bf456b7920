import type { Context } from "hono";
import type { EmulatorAccessTokenClaims } from "../entra/access-token-verifier.js";
import { type ArmDeps, armError, armJson, requireAction } from "./arm-auth.js";
import { roleAssignmentJson, roleAssignmentResourceId, roleDefinitionJson } from "./arm-json.js";
import { isScopeError, resolveArmScope } from "./arm-scope.js";
import { type PrincipalType, scopeCovers } from "./role-assignment-store.js";
import { BUILT_IN_ROLES, roleDefinitionById } from "./role-definitions.js";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PRINCIPAL_TYPES = new Set<PrincipalType>([
  "User",
  "Group",
  "ServicePrincipal",
  "ForeignGroup",
  "Device",
]);
const ACTION = {
  read: "Microsoft.Authorization/roleAssignments/read",
  write: "Microsoft.Authorization/roleAssignments/write",
  delete: "Microsoft.Authorization/roleAssignments/delete",
};

/** {scope}/providers/Microsoft.Authorization/roleAssignments[/{name}]: GET, PUT, DELETE and list. */
export async function handleRoleAssignments(
  c: Context,
  deps: ArmDeps,
  claims: EmulatorAccessTokenClaims,
  scopePath: string,
  name: string | undefined,
): Promise<Response> {
  const scope = resolveArmScope(scopePath, deps.vault);
  if (isScopeError(scope)) return armError(c, 404, scope.code, scope.message);
  const subscriptionId = deps.vault.subscriptionId;
  const method = c.req.method;
  const store = deps.roleAssignments;

  if (!name) {
    if (method !== "GET")
      return armError(c, 400, "InvalidRequest", `The method '${method}' is not supported.`);
    const denied = requireAction(c, deps, claims, ACTION.read, scope.id);
    if (denied) return denied;
    const filter = parseFilter(c.req.query("$filter"));
    if (typeof filter === "string") return armError(c, 400, "UnsupportedQuery", filter);
    const value = store
      .list()
      .filter((a) => scopeCovers(a.scope, scope.id) || (!filter.atScope && scopeCovers(scope.id, a.scope)))
      .filter((a) => !filter.principalId || a.principalId === filter.principalId)
      .map((a) => roleAssignmentJson(a, subscriptionId));
    return armJson(c, { value });
  }

  const id = roleAssignmentResourceId(scope.id, name);
  const existing = store.get(name);
  const atThisScope =
    existing && existing.scope.toLowerCase() === scope.id.toLowerCase() ? existing : undefined;
  if (method === "GET") {
    const denied = requireAction(c, deps, claims, ACTION.read, scope.id);
    if (denied) return denied;
    if (!atThisScope)
      return armError(c, 404, "RoleAssignmentNotFound", `The role assignment '${name}' is not found.`);
    return armJson(c, roleAssignmentJson(atThisScope, subscriptionId));
  }
  if (method === "DELETE") {
    const denied = requireAction(c, deps, claims, ACTION.delete, id);
    if (denied) return denied;
    if (!atThisScope) return c.body(null, 204);
    store.remove(atThisScope.name);
    return armJson(c, roleAssignmentJson(atThisScope, subscriptionId));
  }
  if (method !== "PUT") return armError(c, 400, "InvalidRequest", `The method '${method}' is not supported.`);

  const denied = requireAction(c, deps, claims, ACTION.write, id);
  if (denied) return denied;
  if (!GUID.test(name)) {
    return armError(
      c,
      400,
      "InvalidRoleAssignmentId",
      `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`,
    );
  }
  let body: { properties?: Record<string, unknown> };
  try {
    body = (await c.req.json()) as typeof body;
  } catch {
    return armError(
      c,
      400,
      "InvalidRequestContent",
      "The request content was invalid and could not be deserialized.",
    );
  }
  const props = body?.properties ?? {};
  const roleDefinitionId = typeof props.roleDefinitionId === "string" ? props.roleDefinitionId : "";
  const roleGuid = /\/providers\/Microsoft\.Authorization\/roleDefinitions\/([^/]+)$/i.exec(
    roleDefinitionId,
  )?.[1];
  const principalId = typeof props.principalId === "string" ? props.principalId.toLowerCase() : "";
  if (!roleGuid || !principalId) {
    return armError(
      c,
      400,
      "InvalidRequestContent",
      "The request content was invalid: 'properties.roleDefinitionId' and 'properties.principalId' are required.",
    );
  }
  const definition = roleDefinitionById(roleGuid);
  if (!definition) {
    return armError(
      c,
      400,
      "RoleDefinitionDoesNotExist",
      `The specified role definition with ID '${roleGuid}' does not exist.`,
    );
  }
  const actualType = deps.directory.principalTypeOf(principalId);
  if (!actualType) {
    return armError(
      c,
      400,
      "PrincipalNotFound",
      `Principal ${principalId.replaceAll("-", "")} does not exist in the directory ${deps.tenantId}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype`,
    );
  }
  const requested = props.principalType;
  if (
    requested !== undefined &&
    (typeof requested !== "string" || !PRINCIPAL_TYPES.has(requested as PrincipalType))
  ) {
    return armError(
      c,
      400,
      "InvalidPrincipalType",
      `The principal type '${String(requested)}' is not valid.`,
    );
  }
  if (requested !== undefined && requested !== actualType) {
    return armError(
      c,
      400,
      "UnmatchedPrincipalType",
      `The PrincipalId '${principalId.replaceAll("-", "")}' has type '${actualType}' , which is different from specified PrincipalType '${requested}'.`,
    );
  }
  if (existing) {
    const same =
      existing.scope.toLowerCase() === scope.id.toLowerCase() &&
      existing.principalId === principalId &&
      existing.roleDefinitionId === definition.id;
    if (!same) {
      return armError(
        c,
        409,
        "RoleAssignmentUpdateNotPermitted",
        "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.",
      );
    }
    // PUT is idempotent: the same assignment again answers as if created.
    return armJson(c, roleAssignmentJson(existing, subscriptionId), 201);
  }
  if (store.findSame(principalId, definition.id, scope.id)) {
    return armError(c, 409, "RoleAssignmentExists", "The role assignment already exists.");
  }
  const created = store.add({
    name,
    scope: scope.id,
    roleDefinitionId: definition.id,
    principalId,
    principalType: actualType,
    createdBy: claims.oid,
  });
  return armJson(c, roleAssignmentJson(created, subscriptionId), 201);
}

/** {scope}/providers/Microsoft.Authorization/roleDefinitions[/{id}]: the built-in roles, readable by anyone. */
export function handleRoleDefinitions(
  c: Context,
  deps: ArmDeps,
  scopePath: string,
  id: string | undefined,
): Response {
  if (scopePath !== "" && scopePath !== "/") {
    const scope = resolveArmScope(scopePath, deps.vault);
    if (isScopeError(scope)) return armError(c, 404, scope.code, scope.message);
  }
  const subscriptionId = deps.vault.subscriptionId;
  if (id) {
    const definition = roleDefinitionById(id);
    if (!definition)
      return armError(
        c,
        404,
        "RoleDefinitionDoesNotExist",
        `The specified role definition with ID '${id}' does not exist.`,
      );
    return armJson(c, roleDefinitionJson(definition, subscriptionId));
  }
  const filter = c.req.query("$filter");
  const wanted = filter ? /^roleName eq '(.*)'$/i.exec(filter.trim())?.[1] : undefined;
  if (filter && wanted === undefined)
    return armError(c, 400, "UnsupportedQuery", `The filter '${filter}' is not supported.`);
  const value = BUILT_IN_ROLES.filter(
    (d) => wanted === undefined || d.roleName.toLowerCase() === wanted.toLowerCase(),
  ).map((d) => roleDefinitionJson(d, subscriptionId));
  return armJson(c, { value });
}

/** atScope(), principalId eq '…' and assignedTo('…'), joined by "and". */
function parseFilter(raw: string | undefined): { atScope: boolean; principalId?: string } | string {
  const result: { atScope: boolean; principalId?: string } = { atScope: false };
  if (!raw?.trim()) return result;
  for (const term of raw.trim().split(/\s+and\s+/i)) {
    const principal = /^principalId\s+eq\s+'([^']+)'$/i.exec(term) ?? /^assignedTo\('([^']+)'\)$/i.exec(term);
    if (/^atScope\(\)$/i.test(term)) result.atScope = true;
    else if (principal?.[1]) result.principalId = principal[1].toLowerCase();
    else
      return `The filter '${raw}' is not supported. Supported filters are atScope(), principalId eq '{id}' and assignedTo('{id}').`;
  }
  return result;
}
