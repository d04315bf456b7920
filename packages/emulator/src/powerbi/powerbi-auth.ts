import type { Context } from "hono";
import type { DirectoryState } from "../directory/directory-state.js";
import type { EmulatorAccessTokenClaims } from "../entra/access-token-verifier.js";
import {
  audienceIn,
  hasAnyScope,
  isAppToken,
  type ResourceAuthDeps,
  readBearer,
} from "../http/bearer-auth.js";
import {
  SERVICE_PRINCIPAL_ADMIN_API_ACCESS,
  SERVICE_PRINCIPAL_API_ACCESS,
} from "../workspaces/tenant-settings.js";
import { roleAtLeast, type WorkspaceState } from "../workspaces/workspace-state.js";
import type { Workspace, WorkspaceRole } from "../workspaces/workspace-types.js";
import { entityNotFound, notAuthorized, tokenExpired } from "./powerbi-errors.js";

// Delegated scopes per operation, from the Power BI REST reference ("Required Scope").
export const READ_WORKSPACES = ["Workspace.Read.All", "Workspace.ReadWrite.All"];
export const READ_DATASETS = ["Dataset.Read.All", "Dataset.ReadWrite.All"];
export const WRITE_DATASETS = ["Dataset.ReadWrite.All"];
export const READ_REPORTS = ["Report.Read.All", "Report.ReadWrite.All"];
export const WRITE_WORKSPACES = ["Workspace.ReadWrite.All"];
export const READ_DASHBOARDS = ["Dashboard.Read.All", "Dashboard.ReadWrite.All"];
export const READ_DATAFLOWS = ["Dataflow.Read.All", "Dataflow.ReadWrite.All"];
export const READ_CAPACITIES = ["Capacity.Read.All", "Capacity.ReadWrite.All"];
export const READ_APPS = ["App.Read.All"];
export const READ_TENANT = ["Tenant.Read.All", "Tenant.ReadWrite.All"];

const POWER_BI_AUDIENCES = [
  "https://analysis.windows.net/powerbi/api",
  "00000009-0000-0000-c000-000000000000",
];

export interface PowerBiDeps extends ResourceAuthDeps {
  workspaces: WorkspaceState;
  /** Resolves workspace users (UPNs, service principal object ids) to directory objects. */
  directory: DirectoryState;
  /** This origin's URL, for @odata.context and Location. */
  powerBiUrl: string;
  /** The emulated app.powerbi.com origin as browsers reach it, for reports' webUrl and embedUrl. */
  powerBiAppUrl: string;
}

/**
 * Checks the token like api.powerbi.com: expired → 403 TokenExpired; missing → 403 with no
 * body; wrong audience or bad signature → 401 PowerBINotAuthorizedException. Delegated tokens
 * need one of `scopes`; app tokens need no roles at all — a service principal is authorized by
 * its workspace membership (checked per workspace), not by consented permissions — but only
 * while the tenant setting lets service principals call the APIs (else 401, as Power BI answers).
 */
export async function authorizePowerBi(
  c: Context,
  deps: PowerBiDeps,
  scopes: string[],
): Promise<EmulatorAccessTokenClaims | Response> {
  const bearer = await readBearer(c, deps);
  if (!bearer.ok) {
    if (bearer.reason === "expired") return tokenExpired(c);
    if (bearer.reason === "missing") return c.body(null, 403);
    return notAuthorized(c);
  }
  const { claims } = bearer;
  if (!audienceIn(claims.aud, POWER_BI_AUDIENCES)) return notAuthorized(c);
  if (!isAppToken(claims) && !hasAnyScope(claims, scopes)) return notAuthorized(c);
  if (isAppToken(claims) && !deps.workspaces.tenantSettings.isEnabled(SERVICE_PRINCIPAL_API_ACCESS)) {
    return notAuthorized(c);
  }
  return claims;
}

/**
 * The admin APIs (/admin/...): a delegated caller needs a Tenant.* scope AND must be a Fabric
 * administrator; a service principal needs no roles, only the tenant setting "Service
 * principals can access read-only admin APIs" (else 401, as for a non-admin user).
 */
export async function authorizePowerBiAdmin(
  c: Context,
  deps: PowerBiDeps,
): Promise<EmulatorAccessTokenClaims | Response> {
  const bearer = await readBearer(c, deps);
  if (!bearer.ok) {
    if (bearer.reason === "expired") return tokenExpired(c);
    if (bearer.reason === "missing") return c.body(null, 403);
    return notAuthorized(c);
  }
  const { claims } = bearer;
  if (!audienceIn(claims.aud, POWER_BI_AUDIENCES)) return notAuthorized(c);
  const settings = deps.workspaces.tenantSettings;
  if (isAppToken(claims)) {
    return settings.isEnabled(SERVICE_PRINCIPAL_ADMIN_API_ACCESS) ? claims : notAuthorized(c);
  }
  if (!hasAnyScope(claims, READ_TENANT) || !settings.isFabricAdmin(claims.oid)) return notAuthorized(c);
  return claims;
}

/**
 * The workspace, if the caller holds at least `minimum` in it. An unknown id is 404
 * PowerBIEntityNotFound; a workspace the caller is not a member of is 401, as Power BI
 * answers a service principal that was never added to the workspace.
 */
export function requireWorkspace(
  c: Context,
  deps: PowerBiDeps,
  claims: EmulatorAccessTokenClaims,
  groupId: string,
  minimum: WorkspaceRole = "Viewer",
): Workspace | Response {
  const workspace = deps.workspaces.getWorkspace(groupId);
  if (!workspace) return entityNotFound(c);
  if (!roleAtLeast(deps.workspaces.roleOf(workspace.id, claims.oid), minimum)) return notAuthorized(c);
  return workspace;
}
