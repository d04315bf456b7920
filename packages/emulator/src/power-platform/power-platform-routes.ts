import type { Context, Hono } from "hono";
import { filterTerms, matchesFilter, ODataSyntaxError, parseFilter } from "../odata/filter-expression.js";
import { parseIntegerOption, parseOrderBy, project, sortBy } from "../odata/query-options.js";
import {
  bapEnvironmentJson,
  ENVIRONMENT_RESPONSE_PROPERTIES,
  environmentResponseJson,
} from "./environment-json.js";
import { registerPowerAppsRoutes } from "./power-apps-routes.js";
import {
  type AdminApiRule,
  armError,
  authorizeAdminApi,
  checkApiVersion,
  type PowerPlatformDeps,
} from "./power-platform-auth.js";

/**
 * Power Platform API (api.powerplatform.com, audience https://api.powerplatform.com): the
 * environmentmanagement namespace. Delegated: EnvironmentManagement.Environments.Read.
 */
const POWER_PLATFORM_API: AdminApiRule = {
  audiences: ["https://api.powerplatform.com", "8578e004-a5c6-46e7-913e-12f58912df43"],
  scopes: ["EnvironmentManagement.Environments.Read"],
};
const POWER_PLATFORM_API_VERSIONS = ["2022-03-01-preview", "2024-10-01"];

/**
 * BAP (api.bap.microsoft.com), what admin tooling (PowerShell, Terraform, pac) uses to list
 * environments; tokens for the PowerApps Service (https://service.powerapps.com/), scope "User".
 * The emulator serves it on the same origin as the Power Platform API.
 */
const BAP: AdminApiRule = {
  audiences: ["https://service.powerapps.com", "475226c6-020e-4fb2-8a90-7a972cbfc1d4"],
  scopes: ["User"],
};
const BAP_API_VERSIONS = [
  "2016-11-01",
  "2018-01-01",
  "2019-05-01",
  "2020-06-01",
  "2020-08-01",
  "2020-10-01",
  "2021-03-01",
  "2021-04-01",
  "2022-05-01",
  "2023-06-01",
  "2024-05-01",
];

// The properties the List Environments reference says $filter supports (api-version 2024-10-01).
const ENVIRONMENT_FILTERS: Record<string, string[]> = {
  dataverseId: ["eq", "ne"],
  type: ["eq", "ne"],
  geo: ["eq", "ne"],
  state: ["eq", "ne"],
  environmentGroupId: ["eq", "ne"],
  domainName: ["eq", "ne", "startswith", "contains"],
};

/** Environment listing on the Power Platform API and on BAP's admin scope. */
export function registerPowerPlatformRoutes(app: Hono, deps: PowerPlatformDeps): void {
  /**
   * "Environments you can see": $filter (documented properties), $orderby, $skip, $top, $select and
   * ids. The EnvironmentList is `value` only: the service pages nothing, so neither does this.
   */
  app.get("/environmentmanagement/environments", async (c) => {
    const bad = checkApiVersion(c, POWER_PLATFORM_API_VERSIONS);
    if (bad) return bad;
    const claims = await authorizeAdminApi(c, deps, POWER_PLATFORM_API);
    if (claims instanceof Response) return claims;
    let items = deps.powerPlatform.environments.map((e) => environmentResponseJson(e, deps.tenantId));
    const ids = c.req.query("ids");
    if (ids !== undefined) {
      const wanted = new Set(ids.split(",").map((id) => id.trim().toLowerCase()));
      items = items.filter((e) => wanted.has(String(e.id).toLowerCase()));
    }
    const filterRaw = c.req.query("$filter");
    const orderRaw = c.req.query("$orderby");
    try {
      if (filterRaw !== undefined) {
        const filter = parseFilter(filterRaw);
        const unsupported = filterTerms(filter).find(
          (t) => !ENVIRONMENT_FILTERS[t.property]?.includes(t.operator),
        );
        if (unsupported) {
          return armError(
            c,
            400,
            "InvalidFilter",
            `The property '${unsupported.property}' is not supported in $filter. Supported: ${Object.keys(ENVIRONMENT_FILTERS).join(", ")}.`,
          );
        }
        items = items.filter((e) => matchesFilter(filter, e));
      }
      if (orderRaw !== undefined) items = sortBy(items, parseOrderBy(orderRaw));
    } catch (error) {
      if (error instanceof ODataSyntaxError) return armError(c, 400, "InvalidFilter", error.message);
      throw error;
    }
    const top = parseIntegerOption(c.req.query("$top"));
    const skip = parseIntegerOption(c.req.query("$skip"));
    if (top.invalid !== undefined || skip.invalid !== undefined) {
      return armError(c, 400, "InvalidQueryParameter", "$top and $skip must be non-negative integers.");
    }
    const start = skip.value ?? 0;
    const end = top.value === undefined ? items.length : start + top.value;
    const selected = selectProperties(c, items.slice(start, end));
    if (selected instanceof Response) return selected;
    return c.json({ value: selected });
  });

  app.get("/environmentmanagement/environments/:environmentId", async (c) => {
    const bad = checkApiVersion(c, POWER_PLATFORM_API_VERSIONS);
    if (bad) return bad;
    const claims = await authorizeAdminApi(c, deps, POWER_PLATFORM_API);
    if (claims instanceof Response) return claims;
    const environment = deps.powerPlatform.environments.find(
      (e) => e.info.name === c.req.param("environmentId"),
    );
    if (!environment) return environmentNotFound(c, c.req.param("environmentId"), deps.tenantId);
    const selected = selectProperties(c, [environmentResponseJson(environment, deps.tenantId)]);
    if (selected instanceof Response) return selected;
    return c.json(selected[0]);
  });

  registerPowerAppsRoutes(app, deps);

  const bapBase = "/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments";
  app.get(bapBase, async (c) => {
    const bad = checkApiVersion(c, BAP_API_VERSIONS);
    if (bad) return bad;
    const claims = await authorizeAdminApi(c, deps, BAP);
    if (claims instanceof Response) return claims;
    return c.json({
      value: deps.powerPlatform.environments.map((e) => bapEnvironmentJson(e, deps.tenantId)),
    });
  });

  app.get(`${bapBase}/:environmentName`, async (c) => {
    const bad = checkApiVersion(c, BAP_API_VERSIONS);
    if (bad) return bad;
    const claims = await authorizeAdminApi(c, deps, BAP);
    if (claims instanceof Response) return claims;
    const environment = deps.powerPlatform.environments.find(
      (e) => e.info.name === c.req.param("environmentName"),
    );
    if (!environment) return environmentNotFound(c, c.req.param("environmentName"), deps.tenantId);
    return c.json(bapEnvironmentJson(environment, deps.tenantId));
  });
}

/** $select: the listed EnvironmentResponse properties only; an unknown one is a 400. */
function selectProperties(
  c: Context,
  items: Record<string, unknown>[],
): Record<string, unknown>[] | Response {
  const raw = c.req.query("$select");
  if (raw === undefined) return items;
  const fields = raw
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  const known = ENVIRONMENT_RESPONSE_PROPERTIES;
  const unknown = fields.find((f) => !known.includes(f));
  if (unknown || fields.length === 0) {
    return armError(
      c,
      400,
      "InvalidQueryParameter",
      `The $select property '${unknown ?? ""}' is not a property of an environment.`,
    );
  }
  return items.map((item) => project(item, fields));
}

const environmentNotFound = (c: Context, name: string, tenantId: string) =>
  armError(
    c,
    404,
    "EnvironmentNotFound",
    `The environment '${name}' could not be found in the tenant '${tenantId}'.`,
  );
