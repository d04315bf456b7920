import type { Context, Hono } from "hono";
import { parseIntegerOption } from "../odata/query-options.js";
import type { Workspace, WorkspaceRole } from "../workspaces/workspace-types.js";
import {
  authorizePowerBi,
  type PowerBiDeps,
  READ_WORKSPACES,
  requireWorkspace,
  WRITE_WORKSPACES,
} from "./powerbi-auth.js";
import { invalidRequest, notAuthorized, pbiError } from "./powerbi-errors.js";
import { groupUserJson } from "./powerbi-principal-json.js";

const RIGHTS = new Set<WorkspaceRole>(["Admin", "Member", "Contributor", "Viewer"]);
const PRINCIPAL_TYPES = new Set(["User", "App", "Group"]);

/**
 * Workspace access (Groups - Get/Add/Update/Delete Group User). Membership written here is
 * what every Power BI and Fabric call checks, so adding an app's service principal as Member
 * lets that app list the workspace's datasets on its next call.
 */
export function registerPowerBiGroupUserRoutes(app: Hono, deps: PowerBiDeps): void {
  const { directory, workspaces } = deps;

  const userJson = (principalId: string, role: WorkspaceRole) => groupUserJson(directory, principalId, role);

  /** Maps the request's identifier (UPN for users, object id for apps and groups) to a principal id. */
  const principalOf = (body: Record<string, unknown>): string | undefined => {
    const identifier = typeof body.identifier === "string" ? body.identifier : body.emailAddress;
    if (typeof identifier !== "string") return undefined;
    if (body.principalType === "App") return directory.getServicePrincipal(identifier)?.objectId;
    if (body.principalType === "Group")
      return /^[0-9a-f-]{36}$/i.test(identifier) ? identifier.toLowerCase() : undefined;
    return directory.findUser(identifier)?.oid;
  };

  /** Authorizes an Admin of the workspace and parses the body; a Response means "stop". */
  const adminRequest = async (
    c: Context,
  ): Promise<{ workspace: Workspace; body: Record<string, unknown> } | Response> => {
    const claims = await authorizePowerBi(c, deps, WRITE_WORKSPACES);
    if (claims instanceof Response) return claims;
    const workspace = requireWorkspace(c, deps, claims, c.req.param("groupId") ?? "", "Admin");
    if (workspace instanceof Response) return workspace;
    if (c.req.method === "DELETE") return { workspace, body: {} };
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return invalidRequest(c, "The request body is not valid JSON.");
    }
    if (typeof body !== "object" || body === null)
      return invalidRequest(c, "The request body must be a JSON object.");
    return { workspace, body: body as Record<string, unknown> };
  };

  const parseRight = (c: Context, body: Record<string, unknown>): WorkspaceRole | Response => {
    const right = body.groupUserAccessRight;
    if (typeof right !== "string" || !RIGHTS.has(right as WorkspaceRole)) {
      return pbiError(c, 400, "UnsupportedAccessRightError");
    }
    if (typeof body.principalType !== "string" || !PRINCIPAL_TYPES.has(body.principalType)) {
      return invalidRequest(c, "Parameter principalType is missing or invalid");
    }
    return right as WorkspaceRole;
  };

  app.get("/v1.0/myorg/groups/:groupId/users", async (c) => {
    const claims = await authorizePowerBi(c, deps, READ_WORKSPACES);
    if (claims instanceof Response) return claims;
    const workspace = requireWorkspace(c, deps, claims, c.req.param("groupId"));
    if (workspace instanceof Response) return workspace;
    const top = parseIntegerOption(c.req.query("$top"));
    const skip = parseIntegerOption(c.req.query("$skip"));
    const bad = top.invalid ?? skip.invalid;
    if (bad !== undefined) return invalidRequest(c, `'${bad}' is not a valid value for $top or $skip.`);
    const start = skip.value ?? 0;
    const members = [...workspace.members].slice(
      start,
      top.value === undefined ? undefined : start + top.value,
    );
    return c.json({
      "@odata.context": `${deps.powerBiUrl}/v1.0/myorg/$metadata#groupUsers`,
      value: members.map(([id, role]) => userJson(id, role)),
    });
  });

  app.post("/v1.0/myorg/groups/:groupId/users", async (c) => {
    const request = await adminRequest(c);
    if (request instanceof Response) return request;
    const right = parseRight(c, request.body);
    if (right instanceof Response) return right;
    const principal = principalOf(request.body);
    if (!principal) return invalidRequest(c, "Parameter identifier is missing or invalid");
    if (request.workspace.members.has(principal))
      return pbiError(c, 400, "AddingAlreadyExistsGroupUserNotSupportedError");
    workspaces.setRole(request.workspace.id, principal, right);
    return c.body(null, 200);
  });

  app.put("/v1.0/myorg/groups/:groupId/users", async (c) => {
    const request = await adminRequest(c);
    if (request instanceof Response) return request;
    const right = parseRight(c, request.body);
    if (right instanceof Response) return right;
    const principal = principalOf(request.body);
    if (!principal || !request.workspace.members.has(principal)) {
      return invalidRequest(c, "Parameter identifier is missing or invalid");
    }
    workspaces.setRole(request.workspace.id, principal, right);
    return c.body(null, 200);
  });

  app.delete("/v1.0/myorg/groups/:groupId/users/:user", async (c) => {
    const request = await adminRequest(c);
    if (request instanceof Response) return request;
    const user = c.req.param("user");
    const principal =
      directory.findUser(user)?.oid ?? directory.getServicePrincipal(user)?.objectId ?? user.toLowerCase();
    if (!request.workspace.members.has(principal)) return notAuthorized(c);
    workspaces.setRole(request.workspace.id, principal, undefined);
    return c.body(null, 200);
  });
}
