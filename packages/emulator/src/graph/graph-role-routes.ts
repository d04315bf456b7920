import type { Hono } from "hono";
import { authorizeGraph } from "./graph-auth.js";
import { listGraphCollection } from "./graph-collection.js";
import {
  directoryObjectDefaults,
  directoryObjectJson,
  directoryObjectsJson,
} from "./graph-directory-objects.js";
import { READ_DIRECTORY_ROLES } from "./graph-directory-permissions.js";
import { graphError, resourceNotFound } from "./graph-errors.js";
import { directoryRoleJson, roleAssignmentJson } from "./graph-json.js";
import type { GraphDeps } from "./graph-routes.js";

/**
 * Directory roles: the activated roles (directoryRoles, with members) and RBAC's unified role
 * definitions and assignments (roleManagement/directory/roleDefinitions, roleAssignments). Neither pages with $top: directoryRoles
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

  app.get("/v1.0/roleManagement/directory/roleDefinitions", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_DIRECTORY_ROLES);
    if (claims instanceof Response) return claims;
    return listGraphCollection(c, deps.graphUrl, {
      resource: "UnifiedRoleDefinition",
      odataType: "microsoft.graph.unifiedRoleDefinition",
      contextFragment: "roleManagement/directory/roleDefinitions",
      items: deps.graph.roleDefinitions,
      filterable: { id: ["eq"], templateId: ["eq"], displayName: ["eq", "startswith"], isBuiltIn: ["eq"] },
      pageSize: { default: 1000, max: 1000 },
      advancedQueries: false,
    });
  });

  // The reference supports $filter on roleDefinitionId, principalId and directoryScopeId (eq), and
  // $expand of principal and roleDefinition (so a listing can name the role and the holder).
  app.get("/v1.0/roleManagement/directory/roleAssignments", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_DIRECTORY_ROLES);
    if (claims instanceof Response) return claims;
    const expand = (c.req.query("$expand") ?? "")
      .split(",")
      .map((e) => e.trim())
      .filter(Boolean);
    const unknown = expand.find((e) => e !== "principal" && e !== "roleDefinition");
    if (unknown) {
      return graphError(
        c,
        400,
        "BadRequest",
        `Could not find a property named '${unknown}' on type 'microsoft.graph.unifiedRoleAssignment'.`,
      );
    }
    const items = deps.graph.roleAssignments.map((a) => {
      const json = roleAssignmentJson(a);
      if (expand.includes("roleDefinition"))
        json.roleDefinition = deps.graph.roleDefinitions.find((d) => d.id === a.roleDefinitionId) ?? null;
      if (expand.includes("principal")) json.principal = directoryObjectJson(deps, a.principalId) ?? null;
      return json;
    });
    return listGraphCollection(c, deps.graphUrl, {
      resource: "UnifiedRoleAssignment",
      odataType: "microsoft.graph.unifiedRoleAssignment",
      contextFragment: "roleManagement/directory/roleAssignments",
      items,
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
