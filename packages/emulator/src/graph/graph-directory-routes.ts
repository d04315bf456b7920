import type { Hono } from "hono";
import { authorizeGraph } from "./graph-auth.js";
import { graphEntity, listGraphCollection } from "./graph-collection.js";
import { resourceNotFound } from "./graph-errors.js";
import { groupJson, USER_DEFAULT_PROPERTIES, userJson } from "./graph-json.js";
import { READ_GROUPS } from "./graph-permissions.js";
import type { GraphDeps } from "./graph-routes.js";
import { USER_QUERY } from "./graph-user-routes.js";

const EQ_STARTSWITH = ["eq", "startswith"];

/** Groups and group members. */
export function registerGraphDirectoryRoutes(app: Hono, deps: GraphDeps): void {
  app.get("/v1.0/groups", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_GROUPS);
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
      searchable: ["displayName", "description", "mail", "mailNickname"],
      orderable: ["displayName"],
      pageSize: { default: 100, max: 999 },
      advancedQueries: true,
    });
  });

  app.get("/v1.0/groups/:id", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_GROUPS);
    if (claims instanceof Response) return claims;
    const id = c.req.param("id");
    const group = deps.graph.getGroup(id);
    if (!group) return resourceNotFound(c, id);
    return graphEntity(c, deps.graphUrl, "groups", groupJson(group));
  });

  app.get("/v1.0/groups/:id/members", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_GROUPS);
    if (claims instanceof Response) return claims;
    const id = c.req.param("id");
    const group = deps.graph.getGroup(id);
    if (!group) return resourceNotFound(c, id);
    const members = group.memberIds
      .map((oid) => deps.directory.getUser(oid))
      .filter((u) => u !== undefined)
      .map((u) => ({ "@odata.type": "#microsoft.graph.user", ...userJson(u) }));
    return listGraphCollection(c, deps.graphUrl, {
      resource: "DirectoryObject",
      odataType: "microsoft.graph.directoryObject",
      contextFragment: "directoryObjects",
      items: members,
      defaultProperties: USER_DEFAULT_PROPERTIES,
      alwaysInclude: ["@odata.type"],
      ...USER_QUERY,
      pageSize: { default: 100, max: 999 },
      advancedQueries: true,
    });
  });
}
