import type { Hono } from "hono";
import { nameBasedGuid } from "../ids.js";
import { authorizeItem, type FabricDeps } from "./fabric-auth.js";
import { fabricPage } from "./fabric-paging.js";
import { LAKEHOUSE_GET, LAKEHOUSE_TABLES } from "./fabric-scopes.js";

/** The lakehouse's SQL analytics endpoint: one per lakehouse, a stable id derived from it. */
const sqlEndpointId = (lakehouseId: string) => nameBasedGuid("fabric-sql-endpoint", lakehouseId);

/**
 * Lakehouse - Get Lakehouse (with its OneLake paths and SQL endpoint) and List Tables (`data`
 * pages of at most maxResults, 1..100, default 100: the one Fabric list with that parameter).
 */
export function registerFabricLakehouseRoutes(app: Hono, deps: FabricDeps): void {
  const lakehouse = { itemParam: "lakehouseId", type: "Lakehouse" } as const;

  app.get("/v1/workspaces/:workspaceId/lakehouses/:lakehouseId", async (c) => {
    const auth = await authorizeItem(c, deps, () => LAKEHOUSE_GET, lakehouse);
    if (auth instanceof Response) return auth;
    const { workspace, item } = auth;
    const onelake = `https://onelake.dfs.fabric.microsoft.com/${workspace.id}/${item.id}`;
    const server = `${workspace.id.replace(/-/g, "").slice(0, 26)}.datawarehouse.fabric.microsoft.com`;
    return c.json({
      id: item.id,
      type: item.type,
      displayName: item.displayName,
      description: item.description,
      workspaceId: workspace.id,
      properties: {
        oneLakeTablesPath: `${onelake}/Tables`,
        oneLakeFilesPath: `${onelake}/Files`,
        sqlEndpointProperties: {
          id: sqlEndpointId(item.id),
          connectionString: server,
          provisioningStatus: "Success",
        },
      },
    });
  });

  app.get("/v1/workspaces/:workspaceId/lakehouses/:lakehouseId/tables", async (c) => {
    const auth = await authorizeItem(c, deps, () => LAKEHOUSE_TABLES, lakehouse);
    if (auth instanceof Response) return auth;
    return fabricPage(c, deps.fabricUrl, deps.workspaces.listLakehouseTables(auth.item.id), {
      key: "data",
      pageSize: 100,
      maxResults: 100,
    });
  });
}
