import type { Hono } from "hono";
import { authorizeGraph } from "./graph-auth.js";
import { type GraphCollectionSpec, graphEntity, listGraphCollection } from "./graph-collection.js";
import { graphError, meNeedsDelegated, resourceNotFound } from "./graph-errors.js";
import { USER_DEFAULT_PROPERTIES, userJson } from "./graph-json.js";
import { READ_ME, READ_USERS } from "./graph-permissions.js";
import type { GraphDeps } from "./graph-routes.js";

const EQ_STARTSWITH = ["eq", "startswith"];

/** What /users supports without advanced queries, per the user resource's $filter table. */
export const USER_QUERY = {
  filterable: {
    id: ["eq"],
    userPrincipalName: EQ_STARTSWITH,
    mail: EQ_STARTSWITH,
    displayName: EQ_STARTSWITH,
    givenName: EQ_STARTSWITH,
    surname: EQ_STARTSWITH,
    jobTitle: EQ_STARTSWITH,
    department: EQ_STARTSWITH,
    accountEnabled: ["eq"],
  },
  searchable: ["displayName", "givenName", "surname", "mail", "userPrincipalName", "jobTitle", "department"],
  orderable: ["displayName", "userPrincipalName"],
} satisfies Pick<GraphCollectionSpec, "filterable" | "searchable" | "orderable">;

export function registerGraphUserRoutes(app: Hono, deps: GraphDeps): void {
  app.get("/v1.0/me", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_ME);
    if (claims instanceof Response) return claims;
    if (claims.idtyp === "app") return meNeedsDelegated(c);
    const user = deps.directory.getUser(claims.oid);
    if (!user) return resourceNotFound(c, claims.oid);
    return graphEntity(c, deps.graphUrl, "users", userJson(user), USER_DEFAULT_PROPERTIES);
  });

  app.get("/v1.0/users", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_USERS);
    if (claims instanceof Response) return claims;
    return listGraphCollection(c, deps.graphUrl, {
      resource: "User",
      odataType: "microsoft.graph.user",
      contextFragment: "users",
      items: deps.directory.listUsers().map(userJson),
      defaultProperties: USER_DEFAULT_PROPERTIES,
      ...USER_QUERY,
      pageSize: { default: 100, max: 999 },
      advancedQueries: true,
    });
  });

  // The $count segment is an advanced query: without the eventual header Graph refuses it.
  app.get("/v1.0/users/$count", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_USERS);
    if (claims instanceof Response) return claims;
    if ((c.req.header("consistencylevel") ?? "").toLowerCase() !== "eventual") {
      return graphError(c, 400, "Request_BadRequest", "$count is not currently supported.");
    }
    return c.text(String(deps.directory.listUsers().length));
  });

  app.get("/v1.0/users/:id", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_USERS);
    if (claims instanceof Response) return claims;
    const id = decodeURIComponent(c.req.param("id"));
    const user = deps.directory.findUser(id);
    if (!user) return resourceNotFound(c, id);
    return graphEntity(c, deps.graphUrl, "users", userJson(user), USER_DEFAULT_PROPERTIES);
  });
}
