import type { Context, Hono } from "hono";
import type { DataverseEnvironment } from "../dataverse/dataverse-environment.js";
import { nameBasedGuid } from "../ids.js";
import { parseIntegerOption } from "../odata/query-options.js";
import {
  type AdminApiRule,
  armError,
  authorizeAdminApi,
  checkApiVersion,
  type PowerPlatformDeps,
} from "./power-platform-auth.js";

/**
 * Power Platform API, powerapps namespace: GET /powerapps/environments/{environmentId}/apps
 * ("Apps - Get AdminApps", api-version 2022-03-01-preview, $top and $skiptoken). Delegated callers
 * need PowerApps.Apps.Read; service principals must be registered management applications.
 */
const POWER_APPS_API: AdminApiRule = {
  audiences: ["https://api.powerplatform.com", "8578e004-a5c6-46e7-913e-12f58912df43"],
  scopes: ["PowerApps.Apps.Read"],
};
const VERSIONS = ["2022-03-01-preview"];

/** The canvas apps seeded per environment: two in production, one in a sandbox. */
function appsOf(e: DataverseEnvironment, tenantId: string): Record<string, unknown>[] {
  const names = e.info.type === "Sandbox" ? ["Sandbox Prototype"] : ["Account Explorer", "Expense Reports"];
  return names.map((displayName, i) => {
    const name = nameBasedGuid("power-app", e.info.name, displayName);
    const owner = {
      id: nameBasedGuid("power-app-owner", e.info.name),
      displayName: "Megan Bowen",
      email: `megan@${e.info.domainName}.example`,
      type: "User",
      tenantId,
    };
    const created = new Date(Date.UTC(2026, 8, 1 + i, 10)).toISOString();
    return {
      name,
      id: `/providers/Microsoft.PowerApps/apps/${name}`,
      type: "Microsoft.PowerApps/apps",
      tags: { primaryDeviceWidth: "1366", primaryDeviceHeight: "768", publisherVersion: "3.25042.10" },
      properties: {
        appVersion: created,
        displayName,
        description: "",
        createdTime: created,
        lastModifiedTime: new Date(Date.UTC(2026, 10, 10 + i, 15)).toISOString(),
        owner,
        createdBy: owner,
        lastModifiedBy: owner,
        environment: {
          id: `/providers/Microsoft.PowerApps/environments/${e.info.name}`,
          name: e.info.name,
        },
        appUris: { documentUri: { value: `https://apps.powerapps.com/play/e/${e.info.name}/a/${name}` } },
        isFeaturedApp: false,
      },
    };
  });
}

export function registerPowerAppsRoutes(app: Hono, deps: PowerPlatformDeps): void {
  app.get("/powerapps/environments/:environmentId/apps", async (c: Context) => {
    const bad = checkApiVersion(c, VERSIONS);
    if (bad) return bad;
    const claims = await authorizeAdminApi(c, deps, POWER_APPS_API);
    if (claims instanceof Response) return claims;
    const id = c.req.param("environmentId") ?? "";
    const environment = deps.powerPlatform.environments.find((e) => e.info.name === id);
    if (!environment) {
      return armError(
        c,
        404,
        "EnvironmentNotFound",
        `The environment '${id}' could not be found in the tenant '${deps.tenantId}'.`,
      );
    }
    const top = parseIntegerOption(c.req.query("$top"));
    if (top.invalid !== undefined)
      return armError(c, 400, "InvalidQueryParameter", "$top must be a non-negative integer.");
    const apps = appsOf(environment, deps.tenantId);
    return c.json({ value: top.value === undefined ? apps : apps.slice(0, top.value) });
  });
}
