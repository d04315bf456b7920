import type { Context } from "hono";
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
import type { Workspace, WorkspaceRole } from "../workspaces/workspace-types.js";
import {
  fabricError,
  insufficientPrivileges,
  insufficientScopes,
  workspaceNotFound,
} from "./fabric-errors.js";

// Fabric accepts its own audience and, being the Power BI service underneath, Power BI's.
const FABRIC_AUDIENCES = [
  "https://api.fabric.microsoft.com",
  "https://analysis.windows.net/powerbi/api",
  "00000009-0000-0000-c000-000000000000",
];

/** Scopes that allow reading one item: generic, or specific to its type (e.g. Notebook.Read.All). */
export const itemReadScopes = (type: string) => [
  "Item.Read.All",
  "Item.ReadWrite.All",
  `${type}.Read.All`,
  `${type}.ReadWrite.All`,
];

export interface FabricDeps extends ResourceAuthDeps {
  workspaces: WorkspaceState;
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
