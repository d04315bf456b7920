import type { Context, Hono } from "hono";
import type { DirectoryUser } from "../directory/directory-types.js";
import type { EmulatorAccessTokenClaims } from "../entra/access-token-verifier.js";
import { hasAnyScope, isAppToken } from "../http/bearer-auth.js";
import { authorizeGraph, type GraphPermissionRule } from "./graph-auth.js";
import { type GraphCollectionSpec, graphEntity, listGraphCollection } from "./graph-collection.js";
import {
  directoryObjectDefaults,
  directoryObjectJson,
  directoryObjectsJson,
  memberOfIds,
  transitiveMemberOfIds,
} from "./graph-directory-objects.js";
import {
  basicProfileOnly,
  READ_MEMBER_OF,
  READ_ORG_CHART,
  READ_TRANSITIVE_MEMBER_OF,
} from "./graph-directory-permissions.js";
import { graphError, insufficientPrivileges, meNeedsDelegated, resourceNotFound } from "./graph-errors.js";
import { basicProfileJson, USER_DEFAULT_PROPERTIES, userJson } from "./graph-json.js";
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
  // Per the user resource's property table: endsWith and ne only as advanced queries.
  advancedFilterable: {
    id: ["ne"],
    userPrincipalName: ["endswith", "ne"],
    mail: ["endswith", "ne"],
    displayName: ["endswith", "ne"],
    givenName: ["endswith", "ne"],
    surname: ["endswith", "ne"],
    jobTitle: ["ne"],
    department: ["ne"],
    accountEnabled: ["ne"],
  },
  searchable: ["displayName", "givenName", "surname", "mail", "userPrincipalName", "jobTitle", "department"],
  orderable: ["displayName", "userPrincipalName"],
} satisfies Pick<GraphCollectionSpec, "filterable" | "advancedFilterable" | "searchable" | "orderable">;

/** What directoryObject collections (memberOf, directReports, owners) filter on. */
const DIRECTORY_OBJECT_QUERY = {
  filterable: { id: ["eq"], displayName: ["eq", "startswith"] },
  advancedFilterable: { displayName: ["endswith", "ne"] },
  searchable: ["displayName", "description"],
  orderable: ["displayName"],
  pageSize: { default: 100, max: 999 },
  advancedQueries: true,
} satisfies Partial<GraphCollectionSpec>;

/**
 * Users as this caller may see them: a delegated caller always sees their own full profile;
 * with only User.ReadBasic.All, other users' non-basic properties are null. The token's permissions
 * are read once, not once per user of a listing.
 */
function usersFor(claims: EmulatorAccessTokenClaims): (user: DirectoryUser) => Record<string, unknown> {
  const basicOnly = basicProfileOnly(claims);
  const selfOid = isAppToken(claims) ? undefined : claims.oid;
  return (user) => {
    const json = userJson(user);
    return basicOnly && user.oid !== selfOid ? basicProfileJson(json) : json;
  };
}

/**
 * Delegated User.Read reads the signed-in user's own relationships only: a token whose only
 * matching scope is User.Read gets 403 for anyone else.
 */
function selfOnlyDenied(
  c: Context,
  claims: EmulatorAccessTokenClaims,
  rule: GraphPermissionRule,
  user: DirectoryUser,
) {
  if (isAppToken(claims) || claims.oid === user.oid) return undefined;
  const others = rule.scopes.filter((s) => s !== "User.Read");
  return hasAnyScope(claims, others) ? undefined : insufficientPrivileges(c);
}

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
      items: deps.directory.listUsers().map(usersFor(claims)),
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
    return graphEntity(c, deps.graphUrl, "users", usersFor(claims)(user), USER_DEFAULT_PROPERTIES);
  });

  // Relationships, for /users/{id} and for /me: memberOf / transitiveMemberOf (groups and
  // directory roles), directReports and manager.
  const subject = (c: Context, claims: EmulatorAccessTokenClaims, me: boolean) => {
    if (me) {
      if (isAppToken(claims)) return meNeedsDelegated(c);
      return deps.directory.getUser(claims.oid) ?? resourceNotFound(c, claims.oid);
    }
    const id = decodeURIComponent(c.req.param("id") ?? "");
    return deps.directory.findUser(id) ?? resourceNotFound(c, id);
  };
  const bases = [
    { path: "/v1.0/users/:id", me: false },
    { path: "/v1.0/me", me: true },
  ];
  const relation = (path: string, rule: GraphPermissionRule, ids: (user: DirectoryUser) => string[]) => {
    for (const base of bases)
      app.get(`${base.path}/${path}`, async (c) => {
        const claims = await authorizeGraph(c, deps, rule);
        if (claims instanceof Response) return claims;
        const user = subject(c, claims, base.me);
        if (user instanceof Response) return user;
        const denied = selfOnlyDenied(c, claims, rule, user);
        if (denied) return denied;
        return listGraphCollection(c, deps.graphUrl, {
          resource: "DirectoryObject",
          odataType: "microsoft.graph.directoryObject",
          contextFragment: "directoryObjects",
          items: directoryObjectsJson(deps, ids(user), claims),
          defaultProjection: directoryObjectDefaults,
          alwaysInclude: ["@odata.type"],
          ...DIRECTORY_OBJECT_QUERY,
        });
      });
  };
  relation("memberOf", READ_MEMBER_OF, (u) => memberOfIds(deps, u.oid));
  relation("transitiveMemberOf", READ_TRANSITIVE_MEMBER_OF, (u) => transitiveMemberOfIds(deps, u.oid));
  relation("directReports", READ_ORG_CHART, (u) => deps.graph.directReportsOf(u.oid));

  for (const base of bases)
    app.get(`${base.path}/manager`, async (c) => {
      const claims = await authorizeGraph(c, deps, READ_ORG_CHART);
      if (claims instanceof Response) return claims;
      const user = subject(c, claims, base.me);
      if (user instanceof Response) return user;
      const denied = selfOnlyDenied(c, claims, READ_ORG_CHART, user);
      if (denied) return denied;
      const managerId = deps.graph.managerOf(user.oid);
      const manager = managerId ? directoryObjectJson(deps, managerId) : undefined;
      if (!manager) return resourceNotFound(c, "manager");
      return graphEntity(
        c,
        deps.graphUrl,
        "directoryObjects",
        c.req.query("$select") ? manager : directoryObjectDefaults(manager),
      );
    });
}
