import type { Hono } from "hono";
import { isAppToken } from "../http/bearer-auth.js";
import {
  authorizePowerBi,
  type PowerBiDeps,
  READ_APPS,
  READ_CAPACITIES,
  READ_DATASETS,
} from "./powerbi-auth.js";
import { appJson, capacityJson, gatewayJson } from "./powerbi-catalog-json.js";
import { notAuthorized } from "./powerbi-errors.js";

/**
 * What the caller can see outside workspaces: Capacities - Get Capacities (capacities the
 * caller administers or may assign to), Gateways - Get Gateways (gateways the caller is an
 * admin of; the reference's scope is Dataset.*), Apps - Get Apps (apps installed for the
 * signed-in user; "Service principal authentication isn't supported", so app tokens get 401).
 */
export function registerPowerBiTenantRoutes(app: Hono, deps: PowerBiDeps): void {
  const catalog = deps.workspaces.powerBi;
  const context = (fragment: string) => `${deps.powerBiUrl}/v1.0/myorg/$metadata#${fragment}`;

  app.get("/v1.0/myorg/capacities", async (c) => {
    const claims = await authorizePowerBi(c, deps, READ_CAPACITIES);
    if (claims instanceof Response) return claims;
    const value = catalog.capacities.flatMap((capacity) => {
      const right = capacity.rights.get(claims.oid);
      return right ? [capacityJson(capacity, right)] : [];
    });
    return c.json({ "@odata.context": context("capacities"), value });
  });

  app.get("/v1.0/myorg/gateways", async (c) => {
    const claims = await authorizePowerBi(c, deps, READ_DATASETS);
    if (claims instanceof Response) return claims;
    const value = catalog.gateways.filter((g) => g.admins.has(claims.oid)).map(gatewayJson);
    return c.json({ "@odata.context": context("gateways"), value });
  });

  app.get("/v1.0/myorg/apps", async (c) => {
    const claims = await authorizePowerBi(c, deps, READ_APPS);
    if (claims instanceof Response) return claims;
    if (isAppToken(claims)) return notAuthorized(c);
    const value = catalog.apps.filter((a) => a.installedFor.has(claims.oid)).map(appJson);
    return c.json({ "@odata.context": context("apps"), value });
  });
}
