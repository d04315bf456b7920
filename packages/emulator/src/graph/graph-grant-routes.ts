import type { Context, Hono } from "hono";
import type { DelegatedPermissionGrant } from "../directory/directory-types.js";
import { grantJson } from "./graph-application-json.js";
import { authorizeGraph } from "./graph-auth.js";
import { graphEntity, listGraphCollection } from "./graph-collection.js";
import { directoryBadRequest, readGraphJson, resourceNotFound } from "./graph-errors.js";
import { READ_GRANTS, WRITE_GRANTS } from "./graph-permissions.js";
import type { GraphDeps } from "./graph-routes.js";

const scopesOf = (scope: string) => scope.split(" ").filter(Boolean);

/**
 * oauth2PermissionGrants: delegated-permission consent. A grant's `scope` is exactly what
 * the next delegated token for that resource may carry in `scp`.
 */
export function registerGraphGrantRoutes(app: Hono, deps: GraphDeps): void {
  const { consent } = deps.directory;
  const collection = (c: Context, grants: DelegatedPermissionGrant[], fragment: string) =>
    listGraphCollection(c, deps.graphUrl, {
      resource: "OAuth2PermissionGrant",
      odataType: "microsoft.graph.oAuth2PermissionGrant",
      contextFragment: fragment,
      items: grants.map(grantJson),
      filterable: {
        id: ["eq"],
        clientId: ["eq"],
        consentType: ["eq"],
        principalId: ["eq"],
        resourceId: ["eq"],
      },
      pageSize: { default: 100, max: 999 },
      advancedQueries: false,
    });

  app.get("/v1.0/oauth2PermissionGrants", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_GRANTS);
    if (claims instanceof Response) return claims;
    return collection(c, consent.delegatedGrants, "oauth2PermissionGrants");
  });

  app.get("/v1.0/servicePrincipals/:id/oauth2PermissionGrants", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_GRANTS);
    if (claims instanceof Response) return claims;
    const sp = deps.directory.getServicePrincipal(c.req.param("id"));
    if (!sp) return resourceNotFound(c, c.req.param("id"));
    const grants = consent.delegatedGrants.filter((g) => g.clientId === sp.objectId);
    return collection(c, grants, "oauth2PermissionGrants");
  });

  app.get("/v1.0/oauth2PermissionGrants/:id", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_GRANTS);
    if (claims instanceof Response) return claims;
    const grant = consent.getGrant(c.req.param("id"));
    if (!grant) return resourceNotFound(c, c.req.param("id"));
    return graphEntity(c, deps.graphUrl, "oauth2PermissionGrants", grantJson(grant));
  });

  app.post("/v1.0/oauth2PermissionGrants", async (c) => {
    const claims = await authorizeGraph(c, deps, WRITE_GRANTS);
    if (claims instanceof Response) return claims;
    const body = await readGraphJson(c);
    if (body instanceof Response) return body;
    const { clientId, consentType, principalId, resourceId, scope } = (body ?? {}) as Record<string, unknown>;
    if (typeof clientId !== "string" || typeof resourceId !== "string") {
      return directoryBadRequest(c, "Properties 'clientId' and 'resourceId' are required.");
    }
    if (consentType !== "AllPrincipals" && consentType !== "Principal") {
      return directoryBadRequest(
        c,
        "Invalid value specified for property 'consentType' of resource 'OAuth2PermissionGrant'.",
      );
    }
    if (scope !== undefined && scope !== null && typeof scope !== "string") {
      return directoryBadRequest(
        c,
        "Invalid value specified for property 'scope' of resource 'OAuth2PermissionGrant'.",
      );
    }
    const client = deps.directory.getServicePrincipal(clientId);
    if (!client) return resourceNotFound(c, clientId);
    const resource = deps.directory.getServicePrincipal(resourceId);
    if (!resource) return resourceNotFound(c, resourceId);
    let user: string | undefined;
    if (consentType === "Principal") {
      const found =
        typeof principalId === "string" ? deps.directory.getUser(principalId.toLowerCase()) : undefined;
      if (!found)
        return directoryBadRequest(
          c,
          "A principalId of an existing user is required when consentType is 'Principal'.",
        );
      user = found.oid;
    } else if (principalId !== undefined && principalId !== null) {
      return directoryBadRequest(c, "principalId must be null when consentType is 'AllPrincipals'.");
    }
    const grant = consent.createGrant({
      clientId: client.objectId,
      resourceId: resource.objectId,
      consentType,
      ...(user ? { principalId: user } : {}),
      scopes: scopesOf(scope ?? ""),
    });
    if (!grant) return directoryBadRequest(c, "Permission entry already exists.");
    return c.json(
      {
        "@odata.context": `${deps.graphUrl}/v1.0/$metadata#oauth2PermissionGrants/$entity`,
        ...grantJson(grant),
      },
      201,
    );
  });

  app.patch("/v1.0/oauth2PermissionGrants/:id", async (c) => {
    const claims = await authorizeGraph(c, deps, WRITE_GRANTS);
    if (claims instanceof Response) return claims;
    const id = c.req.param("id");
    if (!consent.getGrant(id)) return resourceNotFound(c, id);
    const body = await readGraphJson(c);
    if (body instanceof Response) return body;
    const scope = (body as { scope?: unknown } | null)?.scope;
    if (typeof scope !== "string") {
      return directoryBadRequest(
        c,
        "Invalid value specified for property 'scope' of resource 'OAuth2PermissionGrant'.",
      );
    }
    consent.setGrantScopes(id, scopesOf(scope));
    return c.body(null, 204);
  });

  app.delete("/v1.0/oauth2PermissionGrants/:id", async (c) => {
    const claims = await authorizeGraph(c, deps, WRITE_GRANTS);
    if (claims instanceof Response) return claims;
    const id = c.req.param("id");
    if (!consent.deleteGrant(id)) return resourceNotFound(c, id);
    return c.body(null, 204);
  });
}
