import type { Hono } from "hono";
import { authorizeGraph } from "./graph-auth.js";
import { graphEntity, listGraphCollection } from "./graph-collection.js";
import { READ_DIRECTORY_AUDITS } from "./graph-directory-permissions.js";
import { graphError } from "./graph-errors.js";
import { signInJson } from "./graph-json.js";
import { READ_SIGN_INS } from "./graph-permissions.js";
import type { GraphDeps } from "./graph-routes.js";

const RANGE = ["eq", "ge", "gt", "le", "lt"];

/** auditLogs/signIns and directoryAudits: newest first, $filter on the properties the reference lists. */
export function registerGraphAuditRoutes(app: Hono, deps: GraphDeps): void {
  app.get("/v1.0/auditLogs/signIns", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_SIGN_INS);
    if (claims instanceof Response) return claims;
    return listGraphCollection(c, deps.graphUrl, {
      resource: "SignIn",
      odataType: "microsoft.graph.signIn",
      contextFragment: "auditLogs/signIns",
      items: deps.graph.listSignIns().map(signInJson),
      filterable: {
        id: ["eq"],
        createdDateTime: RANGE,
        userId: ["eq"],
        userPrincipalName: ["eq", "startswith"],
        userDisplayName: ["eq", "startswith"],
        appId: ["eq"],
        appDisplayName: ["eq", "startswith"],
        ipAddress: ["eq", "startswith"],
        clientAppUsed: ["eq"],
        "status/errorCode": ["eq", "ne"],
        "location/city": ["eq", "startswith"],
      },
      orderable: ["createdDateTime"],
      pageSize: { default: 1000, max: 1000 },
      advancedQueries: false,
    });
  });

  app.get("/v1.0/auditLogs/directoryAudits", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_DIRECTORY_AUDITS);
    if (claims instanceof Response) return claims;
    const items = [...deps.graph.directoryAudits].sort((a, b) =>
      String(b.activityDateTime).localeCompare(String(a.activityDateTime)),
    );
    return listGraphCollection(c, deps.graphUrl, {
      resource: "DirectoryAudit",
      odataType: "microsoft.graph.directoryAudit",
      contextFragment: "auditLogs/directoryAudits",
      items,
      filterable: {
        id: ["eq"],
        activityDateTime: RANGE,
        activityDisplayName: ["eq", "startswith"],
        category: ["eq"],
        correlationId: ["eq"],
        loggedByService: ["eq"],
        operationType: ["eq"],
        result: ["eq"],
        "initiatedBy/user/id": ["eq"],
        "initiatedBy/user/userPrincipalName": ["eq", "startswith"],
        "initiatedBy/app/appId": ["eq"],
        "initiatedBy/app/displayName": ["eq"],
      },
      orderable: ["activityDateTime"],
      pageSize: { default: 1000, max: 1000 },
      advancedQueries: false,
    });
  });

  app.get("/v1.0/auditLogs/signIns/:id", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_SIGN_INS);
    if (claims instanceof Response) return claims;
    const id = c.req.param("id");
    const found = deps.graph.listSignIns().find((s) => s.id === id);
    if (!found) return graphError(c, 404, "Request_ResourceNotFound", `Resource '${id}' does not exist.`);
    return graphEntity(c, deps.graphUrl, "auditLogs/signIns", signInJson(found));
  });
}
