import type { Context } from "hono";
import type { DirectoryRegistry } from "../directory/directory-registry.js";
import type { EmulatorAccessTokenClaims } from "../entra/access-token-verifier.js";
import {
  audienceIn,
  hasAnyScope,
  isAppToken,
  type ResourceAuthDeps,
  readBearer,
} from "../http/bearer-auth.js";
import { SERVICE_PRINCIPAL_API_ACCESS } from "../workspaces/tenant-settings.js";
import { roleAtLeast, type WorkspaceState } from "../workspaces/workspace-state.js";
import type { FabricItem, Workspace, WorkspaceRole } from "../workspaces/workspace-types.js";
import {
  fabricError,
  insufficientPrivileges,
  insufficientScopes,
  itemNotFound,
  workspaceNotFound,
} from "./fabric-errors.js";

// Fabric accepts its own audience and, being the Power BI service underneath, Power BI's.
const FABRIC_AUDIENCES = [
  "https://api.fabric.microsoft.com",
  "https://analysis.windows.net/powerbi/api",
  "00000009-0000-0000-c000-000000000000",
];

export interface FabricDeps extends ResourceAuthDeps {
  workspaces: WorkspaceState;
  /** Users and service principals, for the principal details role assignments carry. */
  directory: DirectoryRegistry;
  /** This origin's URL, for Location and continuationUri. */
  fabricUrl: string;
}

/**
 * Token checks: 401 TokenExpired / Unauthorized; scopes are checked per operation with
 * requireScopes. Service principals are refused while the tenant setting that lets them call
 * Fabric public APIs is off (admin APIs have their own setting: pass `adminApi`).
 */
export async function authenticateFabric(
  c: Context,
  deps: ResourceAuthDeps & { workspaces: WorkspaceState },
  opts: { adminApi?: boolean } = {},
): Promise<EmulatorAccessTokenClaims | Response> {
  const bearer = await readBearer(c, deps);
  if (!bearer.ok) {
    if (bearer.reason === "expired") {
      return fabricError(
        c,
        401,
        "TokenExpired",
        "Access token has expired, resubmit with a new access token",
      );
    }
    const message =
      bearer.reason === "missing"
        ? "The caller is not authenticated to access this resource"
        : "Access token is invalid";
    return fabricError(c, 401, "Unauthorized", message);
  }
  if (!audienceIn(bearer.claims.aud, FABRIC_AUDIENCES)) {
    return fabricError(c, 401, "Unauthorized", "Access token audience is invalid");
  }
  const allowed = opts.adminApi || deps.workspaces.tenantSettings.isEnabled(SERVICE_PRINCIPAL_API_ACCESS);
  if (isAppToken(bearer.claims) && !allowed) {
    return fabricError(c, 401, "Unauthorized", "Access is unauthorized");
  }
  return bearer.claims;
}

/**
 * Delegated tokens need one of the operation's scopes (403 InsufficientScopes). Service
 * principals carry no Fabric scopes or roles: their access is the workspace role alone.
 */
export function requireScopes(
  c: Context,
  claims: EmulatorAccessTokenClaims,
  accepted: string[],
): Response | undefined {
  if (isAppToken(claims) || hasAnyScope(claims, accepted)) return undefined;
  return insufficientScopes(c, accepted);
}

/** The workspace if the caller holds at least `minimum` in it: else 404 WorkspaceNotFound / 403 InsufficientPrivileges. */
export function requireWorkspace(
  c: Context,
  deps: FabricDeps,
  claims: EmulatorAccessTokenClaims,
  workspaceId: string,
  minimum: WorkspaceRole = "Viewer",
): Workspace | Response {
  const workspace = deps.workspaces.getWorkspace(workspaceId);
  if (!workspace) return workspaceNotFound(c, workspaceId);
  if (!roleAtLeast(deps.workspaces.roleOf(workspace.id, claims.oid), minimum))
    return insufficientPrivileges(c);
  return workspace;
}

/**
 * The workspace and item of an item API, checked in the service's order: token, workspace
 * access (`minimum` role), item, then the operation's scopes (which may depend on the item type).
 */
export async function authorizeItem(
  c: Context,
  deps: FabricDeps,
  scopes: (type: string) => string[],
  opts: { itemParam?: string; minimum?: WorkspaceRole; type?: string } = {},
): Promise<{ claims: EmulatorAccessTokenClaims; workspace: Workspace; item: FabricItem } | Response> {
  const claims = await authenticateFabric(c, deps);
  if (claims instanceof Response) return claims;
  const workspace = requireWorkspace(c, deps, claims, c.req.param("workspaceId") ?? "");
  if (workspace instanceof Response) return workspace;
  const itemId = c.req.param(opts.itemParam ?? "itemId") ?? "";
  const item = deps.workspaces.getItem(workspace.id, itemId);
  if (!item || (opts.type && item.type !== opts.type)) return itemNotFound(c, itemId);
  const denied = requireScopes(c, claims, scopes(item.type));
  if (denied) return denied;
  if (opts.minimum) {
    const allowed = requireWorkspace(c, deps, claims, workspace.id, opts.minimum);
    if (allowed instanceof Response) return allowed;
  }
  return { claims, workspace, item };
}
