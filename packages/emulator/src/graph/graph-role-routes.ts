import type { Hono } from "hono";
import { authorizeGraph } from "./graph-auth.js";
import { listGraphCollection } from "./graph-collection.js";
import { directoryObjectDefaults, directoryObjectsJson } from "./graph-directory-objects.js";
import { READ_DIRECTORY_ROLES } from "./graph-directory-permissions.js";
import { resourceNotFound } from "./graph-errors.js";
import { directoryRoleJson, roleAssignmentJson } from "./graph-json.js";
import type { GraphDeps } from "./graph-routes.js";

/**
 * Directory roles: the activated roles (directoryRoles, with members) and RBAC's unified role
 * assignments (roleManagement/directory/roleAssignments). Neither pages with $top: directoryRoles
 * returns every activated role, as Graph does.
 */
export function registerGraphRoleRoutes(app: Hono, deps: GraphDeps): void {
  app.get("/v1.0/directoryRoles", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_DIRECTORY_ROLES);
    if (claims instanceof Response) return claims;
    return listGraphCollection(c, deps.graphUrl, {
      resource: "DirectoryRole",
      odataType: "microsoft.graph.directoryRole",
      contextFragment: "directoryRoles",
      items: deps.graph.directoryRoles.map(directoryRoleJson),
      filterable: { id: ["eq"], roleTemplateId: ["eq"], displayName: ["eq"] },
      pageSize: { default: 1000, max: 1000 },
      advancedQueries: false,
    });
  });

  app.get("/v1.0/directoryRoles/:id/members", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_DIRECTORY_ROLES);
    if (claims instanceof Response) return claims;
    const id = c.req.param("id");
    const role = deps.graph.directoryRoles.find((r) => r.id === id.toLowerCase());
    if (!role) return resourceNotFound(c, id);
    return listGraphCollection(c, deps.graphUrl, {
      resource: "DirectoryObject",
      odataType: "microsoft.graph.directoryObject",
      contextFragment: "directoryObjects",
      items: directoryObjectsJson(deps, role.memberIds, claims),
      defaultProjection: directoryObjectDefaults,
      alwaysInclude: ["@odata.type"],
      filterable: { id: ["eq"] },
      pageSize: { default: 100, max: 999 },
      advancedQueries: true,
    });
  });

  // The reference supports $filter on roleDefinitionId, principalId and directoryScopeId (eq).
  app.get("/v1.0/roleManagement/directory/roleAssignments", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_DIRECTORY_ROLES);
    if (claims instanceof Response) return claims;
    return listGraphCollection(c, deps.graphUrl, {
      resource: "UnifiedRoleAssignment",
      odataType: "microsoft.graph.unifiedRoleAssignment",
      contextFragment: "roleManagement/directory/roleAssignments",
      items: deps.graph.roleAssignments.map(roleAssignmentJson),
      filterable: {
        id: ["eq"],
        principalId: ["eq"],
        roleDefinitionId: ["eq"],
        directoryScopeId: ["eq"],
      },
      pageSize: { default: 100, max: 999 },
      advancedQueries: false,
    });
  });
}
