import type { Context, Hono } from "hono";
import type { ServicePrincipal } from "../directory/directory-types.js";
import { parseAlternateKey } from "./graph-alternate-key.js";
import { appRoleAssignmentJson, servicePrincipalJson } from "./graph-application-json.js";
import { authorizeGraph } from "./graph-auth.js";
import { graphEntity, listGraphCollection } from "./graph-collection.js";
import { directoryBadRequest, graphError, readGraphJson, resourceNotFound } from "./graph-errors.js";
import {
  CREATE_SERVICE_PRINCIPALS,
  READ_APP_ROLE_ASSIGNMENTS,
  READ_SERVICE_PRINCIPALS,
  WRITE_APP_ROLE_ASSIGNMENTS,
} from "./graph-permissions.js";
import type { GraphDeps } from "./graph-routes.js";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Service principals (list, get by id or appId, create) and the app role assignments granted
 * on a resource (appRoleAssignedTo), which are application-permission consent: the next
 * app-only token for that resource carries exactly the assigned roles.
 */
export function registerGraphServicePrincipalRoutes(app: Hono, deps: GraphDeps): void {
  const { directory } = deps;
  const tenantId = directory.tenant.tenantId;
  const spJson = (sp: ServicePrincipal) => servicePrincipalJson(sp, tenantId);
  const assignmentsJson = (list: typeof directory.consent.appRoleAssignments) =>
    list.map((a) =>
      appRoleAssignmentJson(
        a,
        directory.getServicePrincipal(a.principalId),
        directory.getServicePrincipal(a.resourceId),
      ),
    );
  const assignmentCollection = (c: Context, items: Record<string, unknown>[], fragment: string) =>
    listGraphCollection(c, deps.graphUrl, {
      resource: "AppRoleAssignment",
      odataType: "microsoft.graph.appRoleAssignment",
      contextFragment: fragment,
      items,
      filterable: { principalId: ["eq"], resourceId: ["eq"], appRoleId: ["eq"] },
      pageSize: { default: 100, max: 999 },
      advancedQueries: false,
    });

  app.get("/v1.0/servicePrincipals", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_SERVICE_PRINCIPALS);
    if (claims instanceof Response) return claims;
    return listGraphCollection(c, deps.graphUrl, {
      resource: "ServicePrincipal",
      odataType: "microsoft.graph.servicePrincipal",
      contextFragment: "servicePrincipals",
      items: directory.listServicePrincipals().map(spJson),
      filterable: { id: ["eq"], appId: ["eq"], displayName: ["eq", "startswith"] },
      searchable: ["displayName"],
      orderable: ["displayName"],
      pageSize: { default: 100, max: 999 },
      advancedQueries: true,
    });
  });

  app.get("/v1.0/:segment{servicePrincipals\\(.+\\)}", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_SERVICE_PRINCIPALS);
    if (claims instanceof Response) return claims;
    const key = parseAlternateKey(c.req.param("segment") ?? "", "servicePrincipals", ["appId"]);
    if (!key) return directoryBadRequest(c, "Invalid object identifier.");
    const sp = directory.servicePrincipalOf(key.value);
    if (!sp) return resourceNotFound(c, key.value);
    return graphEntity(c, deps.graphUrl, "servicePrincipals", spJson(sp));
  });

  app.get("/v1.0/servicePrincipals/:id", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_SERVICE_PRINCIPALS);
    if (claims instanceof Response) return claims;
    const sp = directory.getServicePrincipal(c.req.param("id"));
    if (!sp) return resourceNotFound(c, c.req.param("id"));
    return graphEntity(c, deps.graphUrl, "servicePrincipals", spJson(sp));
  });

  app.post("/v1.0/servicePrincipals", async (c) => {
    const claims = await authorizeGraph(c, deps, CREATE_SERVICE_PRINCIPALS);
    if (claims instanceof Response) return claims;
    const body = await readGraphJson(c);
    if (body instanceof Response) return body;
    const appId = (body as { appId?: unknown } | null)?.appId;
    if (typeof appId !== "string" || !GUID.test(appId))
      return directoryBadRequest(c, "Property 'appId' is required.");
    if (directory.servicePrincipalOf(appId)) {
      return graphError(
        c,
        409,
        "Request_MultipleObjectsWithSameKeyValue",
        `The service principal cannot be created, updated, or restored because the service principal name ${appId.toLowerCase()} is already in use.`,
      );
    }
    const registration = directory.getApplication(appId);
    if (!registration) {
      return directoryBadRequest(
        c,
        `The appId '${appId}' of the service principal does not reference a valid application object.`,
      );
    }
    const sp = directory.addApplicationServicePrincipal(registration);
    return c.json(
      { "@odata.context": `${deps.graphUrl}/v1.0/$metadata#servicePrincipals/$entity`, ...spJson(sp) },
      201,
    );
  });

  app.get("/v1.0/servicePrincipals/:id/appRoleAssignedTo", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_APP_ROLE_ASSIGNMENTS);
    if (claims instanceof Response) return claims;
    const resource = directory.getServicePrincipal(c.req.param("id"));
    if (!resource) return resourceNotFound(c, c.req.param("id"));
    const items = directory.consent.appRoleAssignments.filter((a) => a.resourceId === resource.objectId);
    return assignmentCollection(
      c,
      assignmentsJson(items),
      `servicePrincipals('${resource.objectId}')/appRoleAssignedTo`,
    );
  });

  // What a client holds, seen from the client: the same assignments, by principal.
  app.get("/v1.0/servicePrincipals/:id/appRoleAssignments", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_APP_ROLE_ASSIGNMENTS);
    if (claims instanceof Response) return claims;
    const principal = directory.getServicePrincipal(c.req.param("id"));
    if (!principal) return resourceNotFound(c, c.req.param("id"));
    const items = directory.consent.appRoleAssignments.filter((a) => a.principalId === principal.objectId);
    return assignmentCollection(
      c,
      assignmentsJson(items),
      `servicePrincipals('${principal.objectId}')/appRoleAssignments`,
    );
  });

  app.post("/v1.0/servicePrincipals/:id/appRoleAssignedTo", async (c) => {
    const claims = await authorizeGraph(c, deps, WRITE_APP_ROLE_ASSIGNMENTS);
    if (claims instanceof Response) return claims;
    const resource = directory.getServicePrincipal(c.req.param("id"));
    if (!resource) return resourceNotFound(c, c.req.param("id"));
    const body = await readGraphJson(c);
    if (body instanceof Response) return body;
    const { principalId, resourceId, appRoleId } = (body ?? {}) as Record<string, unknown>;
    if (typeof principalId !== "string" || typeof appRoleId !== "string" || typeof resourceId !== "string") {
      return directoryBadRequest(c, "Properties 'principalId', 'resourceId' and 'appRoleId' are required.");
    }
    if (resourceId.toLowerCase() !== resource.objectId) {
      return directoryBadRequest(
        c,
        "The resourceId in the request body does not match the service principal in the URL.",
      );
    }
    const principal = directory.getServicePrincipal(principalId);
    if (!principal) return resourceNotFound(c, principalId);
    const role = resource.appRoles.find((r) => r.id === appRoleId.toLowerCase());
    if (!role)
      return directoryBadRequest(
        c,
        `Permission being assigned was not found on application '${resource.appId}'.`,
      );
    const assignment = directory.consent.assignAppRole(
      principal.objectId,
      resource.objectId,
      role,
      directory.clock.now(),
    );
    if (!assignment) return directoryBadRequest(c, "Permission being assigned already exists on the object");
    return c.json(
      {
        "@odata.context": `${deps.graphUrl}/v1.0/$metadata#servicePrincipals('${resource.objectId}')/appRoleAssignedTo/$entity`,
        ...appRoleAssignmentJson(assignment, principal, resource),
      },
      201,
    );
  });

  app.delete("/v1.0/servicePrincipals/:id/appRoleAssignedTo/:assignmentId", async (c) => {
    const claims = await authorizeGraph(c, deps, WRITE_APP_ROLE_ASSIGNMENTS);
    if (claims instanceof Response) return claims;
    const resource = directory.getServicePrincipal(c.req.param("id"));
    if (!resource) return resourceNotFound(c, c.req.param("id"));
    const id = c.req.param("assignmentId");
    const found = directory.consent.appRoleAssignments.find(
      (a) => a.id === id && a.resourceId === resource.objectId,
    );
    if (!found) return resourceNotFound(c, id);
    directory.consent.removeAppRoleAssignment(found.id);
    return c.body(null, 204);
  });
}
