import type { Hono } from "hono";
import { authorizeItem, type FabricDeps } from "./fabric-auth.js";
import { fabricPage } from "./fabric-paging.js";
import { ONELAKE_READ } from "./fabric-scopes.js";

/** OneLake Shortcuts - List Shortcuts: an item's shortcuts, optionally under `parentPath`. */
export function registerFabricOneLakeRoutes(app: Hono, deps: FabricDeps): void {
  app.get("/v1/workspaces/:workspaceId/items/:itemId/shortcuts", async (c) => {
    const auth = await authorizeItem(c, deps, () => ONELAKE_READ);
    if (auth instanceof Response) return auth;
    const shortcuts = deps.workspaces.fabric
      .listShortcuts(auth.item.id, c.req.query("parentPath"))
      .map(({ itemId: _item, ...shortcut }) => shortcut);
    return fabricPage(c, deps.fabricUrl, shortcuts, {
      key: "value",
      pageSize: deps.workspaces.fabric.listPageSize,
    });
  });
}
