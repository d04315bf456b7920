import type { Hono } from "hono";
import { authenticateFabric, type FabricDeps, requireScopes } from "./fabric-auth.js";
import { fabricPage } from "./fabric-paging.js";
import { CAPACITY_READ, CONNECTION_READ } from "./fabric-scopes.js";
import type { FabricConnection } from "./fabric-types.js";

const connectionJson = ({ roles: _roles, ...connection }: FabricConnection) => connection;

/**
 * Tenant-level lists that are not admin APIs: capacities the caller has a role on
 * (Capacities - List Capacities) and connections it has permission for (Connections - List).
 */
export function registerFabricTenantRoutes(app: Hono, deps: FabricDeps): void {
  const fabric = deps.workspaces.fabric;

  app.get("/v1/capacities", async (c) => {
    const claims = await authenticateFabric(c, deps);
    if (claims instanceof Response) return claims;
    const denied = requireScopes(c, claims, CAPACITY_READ);
    if (denied) return denied;
    const capacities = fabric.capacitiesOf(claims.oid).map(({ members: _members, ...capacity }) => capacity);
    return fabricPage(c, deps.fabricUrl, capacities, { key: "value", pageSize: fabric.listPageSize });
  });

  app.get("/v1/connections", async (c) => {
    const claims = await authenticateFabric(c, deps);
    if (claims instanceof Response) return claims;
    const denied = requireScopes(c, claims, CONNECTION_READ);
    if (denied) return denied;
    const connections = fabric.connectionsOf(claims.oid).map(connectionJson);
    return fabricPage(c, deps.fabricUrl, connections, { key: "value", pageSize: fabric.listPageSize });
  });
}
