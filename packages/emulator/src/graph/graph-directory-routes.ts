import type { Context, Hono } from "hono";
import { authorizeGraph, type GraphPermissionRule } from "./graph-auth.js";
import { graphEntity, listGraphCollection } from "./graph-collection.js";
import { registerGraphDeviceRoutes } from "./graph-device-routes.js";
import {
  directoryObjectDefaults,
  directoryObjectsJson,
  transitiveMemberIds,
} from "./graph-directory-objects.js";
import { READ_GROUP_LIST, READ_GROUP_MEMBERS, READ_GROUP_OWNERS } from "./graph-directory-permissions.js";
import { resourceNotFound } from "./graph-errors.js";
import { groupJson } from "./graph-json.js";
import { registerGraphRoleRoutes } from "./graph-role-routes.js";
import type { GraphDeps } from "./graph-routes.js";
import { registerGraphTenantPolicyRoutes } from "./graph-tenant-policy-routes.js";
import type { DirectoryGroup } from "./graph-types.js";
import { USER_QUERY } from "./graph-user-routes.js";

const EQ_STARTSWITH = ["eq", "startswith"];

/**
 * Groups (list, get, members, transitiveMembers, owners), and the rest of the directory's
 * read surface: devices, directory roles and role assignments, tenant policies and reports.
 */
export function registerGraphDirectoryRoutes(app: Hono, deps: GraphDeps): void {
  app.get("/v1.0/groups", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_GROUP_LIST);
    if (claims instanceof Response) return claims;
    return listGraphCollection(c, deps.graphUrl, {
      resource: "Group",
      odataType: "microsoft.graph.group",
      contextFragment: "groups",
      items: deps.graph.listGroups().map(groupJson),
      filterable: {
        id: ["eq"],
        displayName: EQ_STARTSWITH,
        mail: EQ_STARTSWITH,
        mailNickname: EQ_STARTSWITH,
        mailEnabled: ["eq"],
        securityEnabled: ["eq"],
      },
      advancedFilterable: {
        displayName: ["endswith", "ne"],
        mail: ["endswith", "ne"],
        mailNickname: ["endswith", "ne"],
        mailEnabled: ["ne"],
        securityEnabled: ["ne"],
      },
      searchable: ["displayName", "description", "mail", "mailNickname"],
      orderable: ["displayName"],
      pageSize: { default: 100, max: 999 },
      advancedQueries: true,
    });
  });

  app.get("/v1.0/groups/:id", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_GROUP_LIST);
    if (claims instanceof Response) return claims;
    const id = c.req.param("id");
    const group = deps.graph.getGroup(id);
    if (!group) return resourceNotFound(c, id);
    return graphEntity(c, deps.graphUrl, "groups", groupJson(group));
  });

  // members, transitiveMembers and owners are directoryObject collections of mixed types.
  const objects = (path: string, rule: GraphPermissionRule, ids: (group: DirectoryGroup) => string[]) =>
    app.get(`/v1.0/groups/:id/${path}`, async (c: Context) => {
      const claims = await authorizeGraph(c, deps, rule);
      if (claims instanceof Response) return claims;
      const id = c.req.param("id") ?? "";
      const group = deps.graph.getGroup(id);
      if (!group) return resourceNotFound(c, id);
      return listGraphCollection(c, deps.graphUrl, {
        resource: "DirectoryObject",
        odataType: "microsoft.graph.directoryObject",
        contextFragment: "directoryObjects",
        items: directoryObjectsJson(deps, ids(group), claims),
        defaultProjection: directoryObjectDefaults,
        alwaysInclude: ["@odata.type"],
        ...USER_QUERY,
        pageSize: { default: 100, max: 999 },
        advancedQueries: true,
      });
    });
  objects("members", READ_GROUP_MEMBERS, (g) => g.memberIds);
  objects("transitiveMembers", READ_GROUP_MEMBERS, (g) => transitiveMemberIds(deps, g.id));
  objects("owners", READ_GROUP_OWNERS, (g) => g.ownerIds ?? []);

  registerGraphDeviceRoutes(app, deps);
  registerGraphRoleRoutes(app, deps);
  registerGraphTenantPolicyRoutes(app, deps);
}
