import type { Hono } from "hono";
import {
  authenticateFabric,
  type FabricDeps,
  itemReadScopes,
  requireScopes,
  requireWorkspace,
} from "./fabric-auth.js";
import { itemNotFound } from "./fabric-errors.js";
import { fabricPage } from "./fabric-paging.js";

/** Lakehouse - List Tables: `data` pages of at most maxResults (1..100, default 100). */
export function registerFabricLakehouseRoutes(app: Hono, deps: FabricDeps): void {
  app.get("/v1/workspaces/:workspaceId/lakehouses/:lakehouseId/tables", async (c) => {
    const claims = await authenticateFabric(c, deps);
    if (claims instanceof Response) return claims;
    const denied = requireScopes(c, claims, itemReadScopes("Lakehouse"));
    if (denied) return denied;
    const workspace = requireWorkspace(c, deps, claims, c.req.param("workspaceId"));
    if (workspace instanceof Response) return workspace;
    const lakehouseId = c.req.param("lakehouseId");
    const item = deps.workspaces.getItem(workspace.id, lakehouseId);
    if (item?.type !== "Lakehouse") return itemNotFound(c, lakehouseId);
    return fabricPage(c, deps.fabricUrl, deps.workspaces.listLakehouseTables(lakehouseId.toLowerCase()), {
      key: "data",
      pageSize: 100,
      maxPageSize: 100,
    });
  });
}
