import type { Hono } from "hono";
import { roleAtLeast } from "../workspaces/workspace-state.js";
import type { FabricItem, Workspace } from "../workspaces/workspace-types.js";
import { registerFabricAdminRoutes } from "./fabric-admin-routes.js";
import {
  authenticateFabric,
  type FabricDeps,
  itemReadScopes,
  requireScopes,
  requireWorkspace,
} from "./fabric-auth.js";
import { itemNotFound } from "./fabric-errors.js";
import { registerFabricJobRoutes } from "./fabric-job-routes.js";
import { registerFabricLakehouseRoutes } from "./fabric-lakehouse-routes.js";
import { fabricPage } from "./fabric-paging.js";

// Delegated scopes from the Fabric REST reference; item APIs also accept <ItemType>.Read.All etc.
const WORKSPACE_READ = ["Workspace.Read.All", "Workspace.ReadWrite.All"];
const ITEMS_LIST = [...WORKSPACE_READ, "Item.Read.All", "Item.ReadWrite.All"];

const workspaceJson = (w: Workspace) => ({
  id: w.id,
  displayName: w.name,
  description: w.description,
  type: "Workspace",
  capacityId: w.capacityId,
});

const itemJson = (i: FabricItem) => ({
  id: i.id,
  type: i.type,
  displayName: i.displayName,
  description: i.description,
  workspaceId: i.workspaceId,
});

/** Fabric REST v1 core: workspaces and items; jobs and lakehouse tables in their own files. */
export function registerFabricRoutes(app: Hono, deps: FabricDeps): void {
  app.get("/v1/workspaces", async (c) => {
    const claims = await authenticateFabric(c, deps);
    if (claims instanceof Response) return claims;
    const denied = requireScopes(c, claims, WORKSPACE_READ);
    if (denied) return denied;
    const visible = deps.workspaces
      .listWorkspaces()
      .filter((w) => roleAtLeast(deps.workspaces.roleOf(w.id, claims.oid), "Viewer"))
      .map(workspaceJson);
    return fabricPage(c, deps.fabricUrl, visible, { key: "value", pageSize: 100, maxPageSize: 1000 });
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

  app.get("/v1/workspaces/:workspaceId/items", async (c) => {
    const claims = await authenticateFabric(c, deps);
    if (claims instanceof Response) return claims;
    const denied = requireScopes(c, claims, ITEMS_LIST);
    if (denied) return denied;
    const workspace = requireWorkspace(c, deps, claims, c.req.param("workspaceId"));
    if (workspace instanceof Response) return workspace;
    const type = c.req.query("type");
    const items = deps.workspaces
      .listItems(workspace.id)
      .filter((i) => type === undefined || i.type.toLowerCase() === type.toLowerCase())
      .map(itemJson);
    return fabricPage(c, deps.fabricUrl, items, { key: "value", pageSize: 100, maxPageSize: 1000 });
  });

  app.get("/v1/workspaces/:workspaceId/items/:itemId", async (c) => {
    const claims = await authenticateFabric(c, deps);
    if (claims instanceof Response) return claims;
    const workspace = requireWorkspace(c, deps, claims, c.req.param("workspaceId"));
    if (workspace instanceof Response) return workspace;
    const item = deps.workspaces.getItem(workspace.id, c.req.param("itemId"));
    if (!item) return itemNotFound(c, c.req.param("itemId"));
    const denied = requireScopes(c, claims, itemReadScopes(item.type));
    if (denied) return denied;
    return c.json(itemJson(item));
  });

  registerFabricJobRoutes(app, deps);
  registerFabricLakehouseRoutes(app, deps);
  registerFabricAdminRoutes(app, deps);
}
