import type { Hono } from "hono";
import { roleAtLeast } from "../workspaces/workspace-state.js";
import type { FabricItem, Workspace, WorkspaceRole } from "../workspaces/workspace-types.js";
import { registerFabricAdminRoutes } from "./fabric-admin-routes.js";
import {
  authenticateFabric,
  authorizeItem,
  type FabricDeps,
  requireScopes,
  requireWorkspace,
} from "./fabric-auth.js";
import { fabricError, invalidItemType } from "./fabric-errors.js";
import { knownItemType } from "./fabric-item-types.js";
import { registerFabricJobRoutes } from "./fabric-job-routes.js";
import { registerFabricLakehouseRoutes } from "./fabric-lakehouse-routes.js";
import { registerFabricOneLakeRoutes } from "./fabric-onelake-routes.js";
import { registerFabricOperationRoutes } from "./fabric-operation-routes.js";
import { fabricPage } from "./fabric-paging.js";
import { principalJson } from "./fabric-principals.js";
import { itemRead, WORKSPACE_READ } from "./fabric-scopes.js";
import { registerFabricTenantRoutes } from "./fabric-tenant-routes.js";

const WORKSPACE_ROLES: WorkspaceRole[] = ["Admin", "Member", "Contributor", "Viewer"];

const workspaceJson = (w: Workspace) => ({
  id: w.id,
  displayName: w.name,
  description: w.description,
  type: "Workspace",
  capacityId: w.capacityId,
});

export const itemJson = (i: FabricItem) => ({
  id: i.id,
  type: i.type,
  displayName: i.displayName,
  description: i.description,
  workspaceId: i.workspaceId,
});

/** Fabric REST v1: workspaces, items and role assignments here; the rest in their own files. */
export function registerFabricRoutes(app: Hono, deps: FabricDeps): void {
  const pageSize = () => deps.workspaces.fabric.listPageSize;

  app.get("/v1/workspaces", async (c) => {
    const claims = await authenticateFabric(c, deps);
    if (claims instanceof Response) return claims;
    const denied = requireScopes(c, claims, WORKSPACE_READ);
    if (denied) return denied;
    // `roles`: only workspaces where the caller holds one of these roles (comma-separated).
    const roles = c.req
      .query("roles")
      ?.split(",")
      .map((r) => r.trim().toLowerCase());
    const unknownRole = roles?.find((r) => !WORKSPACE_ROLES.some((role) => role.toLowerCase() === r));
    if (unknownRole !== undefined) {
      return fabricError(
        c,
        400,
        "InvalidParameter",
        `Invalid workspace role '${unknownRole}'. Roles: ${WORKSPACE_ROLES.join(", ")}.`,
      );
    }
    const visible = deps.workspaces
      .listWorkspaces()
      .filter((w) => {
        const role = deps.workspaces.roleOf(w.id, claims.oid);
        return roleAtLeast(role, "Viewer") && (!roles || roles.includes(String(role).toLowerCase()));
      })
      .map(workspaceJson);
    return fabricPage(c, deps.fabricUrl, visible, { key: "value", pageSize: pageSize() });
  });

  app.get("/v1/workspaces/:workspaceId", async (c) => {
    const claims = await authenticateFabric(c, deps);
    if (claims instanceof Response) return claims;
    const denied = requireScopes(c, claims, WORKSPACE_READ);
    if (denied) return denied;
    const workspace = requireWorkspace(c, deps, claims, c.req.param("workspaceId"));
    if (workspace instanceof Response) return workspace;
    return c.json(workspaceJson(workspace));
  });

  // Workspaces - List Workspace Role Assignments: Member or above; the assignment id is the principal's.
  app.get("/v1/workspaces/:workspaceId/roleAssignments", async (c) => {
    const claims = await authenticateFabric(c, deps);
    if (claims instanceof Response) return claims;
    const denied = requireScopes(c, claims, WORKSPACE_READ);
    if (denied) return denied;
    const workspace = requireWorkspace(c, deps, claims, c.req.param("workspaceId"), "Member");
    if (workspace instanceof Response) return workspace;
    const assignments = [...workspace.members].map(([principalId, role]) => ({
      id: principalId,
      principal: principalJson(deps.directory, principalId),
      role,
    }));
    return fabricPage(c, deps.fabricUrl, assignments, { key: "value", pageSize: pageSize() });
  });

  // Items - List Items: the spec lists Workspace.* scopes only (Item.Read.All is not enough).
  app.get("/v1/workspaces/:workspaceId/items", async (c) => {
    const claims = await authenticateFabric(c, deps);
    if (claims instanceof Response) return claims;
    const denied = requireScopes(c, claims, WORKSPACE_READ);
    if (denied) return denied;
    const workspace = requireWorkspace(c, deps, claims, c.req.param("workspaceId"));
    if (workspace instanceof Response) return workspace;
    const type = c.req.query("type");
    if (type !== undefined && !knownItemType(type)) return invalidItemType(c, type);
    const items = deps.workspaces
      .listItems(workspace.id)
      .filter((i) => type === undefined || i.type.toLowerCase() === type.toLowerCase())
      .map(itemJson);
    return fabricPage(c, deps.fabricUrl, items, { key: "value", pageSize: pageSize() });
  });

  app.get("/v1/workspaces/:workspaceId/items/:itemId", async (c) => {
    const auth = await authorizeItem(c, deps, itemRead);
    if (auth instanceof Response) return auth;
    return c.json(itemJson(auth.item));
  });

  registerFabricJobRoutes(app, deps);
  registerFabricLakehouseRoutes(app, deps);
  registerFabricOneLakeRoutes(app, deps);
  registerFabricOperationRoutes(app, deps);
  registerFabricTenantRoutes(app, deps);
  registerFabricAdminRoutes(app, deps);
}
