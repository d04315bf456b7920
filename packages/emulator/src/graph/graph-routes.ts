import type { Hono } from "hono";
import type { DirectoryState } from "../directory/directory-state.js";
import type { ResourceAuthDeps } from "../http/bearer-auth.js";
import { registerGraphApplicationRoutes } from "./graph-application-routes.js";
import { registerGraphAuditRoutes } from "./graph-audit-routes.js";
import { authorizeGraph } from "./graph-auth.js";
import { registerGraphBatchRoutes } from "./graph-batch-routes.js";
import { registerGraphCalendarRoutes } from "./graph-calendar-routes.js";
import { registerGraphDirectoryRoutes } from "./graph-directory-routes.js";
import { registerGraphDriveRoutes } from "./graph-drive-routes.js";
import { registerGraphGrantRoutes } from "./graph-grant-routes.js";
import { registerGraphMailRoutes } from "./graph-mail-routes.js";
import { READ_ORGANIZATION } from "./graph-permissions.js";
import { registerGraphServicePrincipalRoutes } from "./graph-service-principal-routes.js";
import type { GraphState } from "./graph-state.js";
import { registerGraphUserRoutes } from "./graph-user-routes.js";

export interface GraphDeps extends ResourceAuthDeps {
  directory: DirectoryState;
  /** Groups, sign-ins and mailboxes. */
  graph: GraphState;
  /** This origin's URL, for @odata.context and nextLink. */
  graphUrl: string;
}

/**
 * Microsoft Graph v1.0: users, /me, groups, application management (applications, service
 * principals, app role assignments, permission grants), sign-ins, mail, organization.
 */
export function registerGraphRoutes(app: Hono, deps: GraphDeps): void {
  registerGraphUserRoutes(app, deps);
  registerGraphDirectoryRoutes(app, deps);
  registerGraphApplicationRoutes(app, deps);
  registerGraphServicePrincipalRoutes(app, deps);
  registerGraphGrantRoutes(app, deps);
  registerGraphAuditRoutes(app, deps);
  registerGraphMailRoutes(app, deps);
  registerGraphCalendarRoutes(app, deps);
  registerGraphDriveRoutes(app, deps);
  registerGraphBatchRoutes(app, deps);

  app.get("/v1.0/organization", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_ORGANIZATION);
    if (claims instanceof Response) return claims;
    const { tenant } = deps.directory;
    return c.json({
      "@odata.context": `${deps.graphUrl}/v1.0/$metadata#organization`,
      value: [
        {
          id: tenant.tenantId,
          displayName: tenant.displayName,
          tenantType: "AAD",
          countryLetterCode: "US",
          verifiedDomains: [
            {
              capabilities: "Email, OfficeCommunicationsOnline",
              isDefault: true,
              isInitial: true,
              name: tenant.defaultDomain,
              type: "Managed",
            },
          ],
        },
      ],
    });
  });
}
