import type { Hono } from "hono";
import { authorizeGraph } from "./graph-auth.js";
import { graphEntity, listGraphCollection } from "./graph-collection.js";
import {
  READ_CONDITIONAL_ACCESS,
  READ_REGISTRATION_REPORT,
  READ_SUBSCRIBED_SKUS,
} from "./graph-directory-permissions.js";
import { graphError } from "./graph-errors.js";
import { registrationJson } from "./graph-json.js";
import type { GraphDeps } from "./graph-routes.js";

/**
 * Tenant configuration read by admins: Conditional Access policies, subscribed SKUs and the
 * authentication-methods registration report.
 */
export function registerGraphTenantPolicyRoutes(app: Hono, deps: GraphDeps): void {
  app.get("/v1.0/identity/conditionalAccess/policies", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_CONDITIONAL_ACCESS);
    if (claims instanceof Response) return claims;
    return listGraphCollection(c, deps.graphUrl, {
      resource: "ConditionalAccessPolicy",
      odataType: "microsoft.graph.conditionalAccessPolicy",
      contextFragment: "identity/conditionalAccess/policies",
      items: deps.graph.conditionalAccessPolicies,
      filterable: { id: ["eq"], displayName: ["eq", "startswith"], state: ["eq"] },
      orderable: ["displayName", "createdDateTime", "modifiedDateTime"],
      pageSize: { default: 100, max: 999 },
      advancedQueries: false,
    });
  });

  app.get("/v1.0/identity/conditionalAccess/policies/:id", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_CONDITIONAL_ACCESS);
    if (claims instanceof Response) return claims;
    const id = c.req.param("id");
    const policy = deps.graph.conditionalAccessPolicies.find((p) => p.id === id);
    if (!policy) return graphError(c, 404, "ResourceNotFound", `Policy with id '${id}' was not found.`);
    return graphEntity(c, deps.graphUrl, "identity/conditionalAccess/policies", policy);
  });

  // subscribedSkus supports no $filter, $top or paging: the whole list comes back at once.
  app.get("/v1.0/subscribedSkus", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_SUBSCRIBED_SKUS);
    if (claims instanceof Response) return claims;
    return listGraphCollection(c, deps.graphUrl, {
      resource: "SubscribedSku",
      odataType: "microsoft.graph.subscribedSku",
      contextFragment: "subscribedSkus",
      items: deps.graph.subscribedSkus,
      filterable: {},
      pageSize: { default: 1000, max: 1000 },
      advancedQueries: false,
    });
  });

  app.get("/v1.0/reports/authenticationMethods/userRegistrationDetails", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_REGISTRATION_REPORT);
    if (claims instanceof Response) return claims;
    const items = deps.directory.listUsers().flatMap((u) => {
      const record = deps.graph.registrations.get(u.oid);
      return record ? [registrationJson(u, record)] : [];
    });
    return listGraphCollection(c, deps.graphUrl, {
      resource: "UserRegistrationDetails",
      odataType: "microsoft.graph.userRegistrationDetails",
      contextFragment: "reports/authenticationMethods/userRegistrationDetails",
      items,
      filterable: {
        id: ["eq"],
        userPrincipalName: ["eq", "startswith"],
        userDisplayName: ["eq", "startswith"],
        isAdmin: ["eq"],
        isMfaRegistered: ["eq"],
        isMfaCapable: ["eq"],
        isSsprRegistered: ["eq"],
        isPasswordlessCapable: ["eq"],
        userType: ["eq"],
      },
      orderable: ["userPrincipalName", "userDisplayName", "lastUpdatedDateTime"],
      pageSize: { default: 100, max: 999 },
      advancedQueries: false,
    });
  });
}
