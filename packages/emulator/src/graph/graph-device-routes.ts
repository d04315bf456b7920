import type { Hono } from "hono";
import { authorizeGraph } from "./graph-auth.js";
import { graphEntity, listGraphCollection } from "./graph-collection.js";
import { READ_DEVICES } from "./graph-directory-permissions.js";
import { resourceNotFound } from "./graph-errors.js";
import { deviceJson } from "./graph-json.js";
import type { GraphDeps } from "./graph-routes.js";

const EQ_STARTSWITH = ["eq", "startswith"];

/** devices: the directory's device objects (Entra joined, hybrid joined, registered). */
export function registerGraphDeviceRoutes(app: Hono, deps: GraphDeps): void {
  app.get("/v1.0/devices", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_DEVICES);
    if (claims instanceof Response) return claims;
    return listGraphCollection(c, deps.graphUrl, {
      resource: "Device",
      odataType: "microsoft.graph.device",
      contextFragment: "devices",
      items: deps.graph.listDevices().map(deviceJson),
      filterable: {
        id: ["eq"],
        deviceId: ["eq"],
        displayName: EQ_STARTSWITH,
        operatingSystem: EQ_STARTSWITH,
        operatingSystemVersion: EQ_STARTSWITH,
        trustType: ["eq"],
        accountEnabled: ["eq"],
        isCompliant: ["eq"],
        isManaged: ["eq"],
        approximateLastSignInDateTime: ["eq", "ge", "le"],
      },
      advancedFilterable: {
        displayName: ["endswith", "ne"],
        operatingSystem: ["ne"],
        trustType: ["ne"],
        accountEnabled: ["ne"],
        isCompliant: ["ne"],
      },
      searchable: ["displayName", "deviceId"],
      orderable: ["displayName", "approximateLastSignInDateTime"],
      pageSize: { default: 100, max: 999 },
      advancedQueries: true,
    });
  });

  app.get("/v1.0/devices/:id", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_DEVICES);
    if (claims instanceof Response) return claims;
    const id = c.req.param("id");
    const device = deps.graph.getDevice(id);
    if (!device) return resourceNotFound(c, id);
    return graphEntity(c, deps.graphUrl, "devices", deviceJson(device));
  });
}
