import type { Context, Hono } from "hono";
import { odataLink } from "../http/odata-link.js";
import { filterTerms, matchesFilter, ODataSyntaxError, parseFilter } from "../odata/filter-expression.js";
import { parseIntegerOption } from "../odata/query-options.js";
import { bapEnvironmentJson, environmentResponseJson } from "./environment-json.js";
import {
  type AdminApiRule,
  armError,
  authorizeAdminApi,
  type PowerPlatformDeps,
} from "./power-platform-auth.js";

/**
 * Power Platform API (api.powerplatform.com, audience https://api.powerplatform.com): the
 * environmentmanagement namespace. Delegated: EnvironmentManagement.Environments.Read.
 */
const POWER_PLATFORM_API: AdminApiRule = {
  audiences: ["https://api.powerplatform.com", "8578e004-a5c6-46e7-913e-12f58912df43"],
  scopes: ["EnvironmentManagement.Environments.Read", "EnvironmentManagement.Environments.ReadWrite"],
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

const ENVIRONMENT_FILTERS: Record<string, string[]> = {
  id: ["eq", "ne"],
  type: ["eq", "ne"],
  geo: ["eq", "ne"],
  state: ["eq", "ne"],
  domainName: ["eq", "ne", "startswith", "contains"],
  displayName: ["eq", "ne", "startswith", "contains"],
  dataverseId: ["eq", "ne"],
};

/** Environment listing on the Power Platform API and on BAP's admin scope. */
export function registerPowerPlatformRoutes(app: Hono, deps: PowerPlatformDeps): void {
  app.get("/environmentmanagement/environments", async (c) => {
    const bad = checkApiVersion(c, POWER_PLATFORM_API_VERSIONS);
    if (bad) return bad;
    const claims = await authorizeAdminApi(c, deps, POWER_PLATFORM_API);
    if (claims instanceof Response) return claims;
    let items = deps.powerPlatform.environments.map((e) => environmentResponseJson(e, deps.tenantId));
    const filterRaw = c.req.query("$filter");
    if (filterRaw !== undefined) {
      try {
        const filter = parseFilter(filterRaw);
        const unsupported = filterTerms(filter).find(
          (t) => !ENVIRONMENT_FILTERS[t.property]?.includes(t.operator),
        );
        if (unsupported) {
          return armError(
            c,
            400,
            "InvalidFilter",
            `The property '${unsupported.property}' is not supported in $filter.`,
          );
        }
        items = items.filter((e) => matchesFilter(filter, e));
      } catch (error) {
        if (error instanceof ODataSyntaxError) return armError(c, 400, "InvalidFilter", error.message);
        throw error;
      }
    }
    const top = parseIntegerOption(c.req.query("$top"));
    const skip = parseIntegerOption(c.req.query("$skip"));
    if (top.invalid !== undefined || skip.invalid !== undefined) {
      return armError(c, 400, "InvalidQueryParameter", "$top and $skip must be non-negative integers.");
    }
    const start = skip.value ?? 0;
    const end = top.value === undefined ? items.length : start + top.value;
    const body: Record<string, unknown> = { value: items.slice(start, end) };
    if (end < items.length) {
      const params = [...new URL(c.req.url).searchParams].filter(([name]) => name !== "$skip");
      params.push(["$skip", String(end)]);
      body["@odata.nextLink"] = odataLink(`${deps.powerPlatformUrl}${c.req.path}`, params);
    }
    return c.json(body);
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
    return c.json(environmentResponseJson(environment, deps.tenantId));
  });

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

function checkApiVersion(c: Context, supported: string[]): Response | undefined {
  const version = c.req.query("api-version");
  if (version === undefined) {
    return armError(
      c,
      400,
      "MissingApiVersionParameter",
      "The api-version query parameter (?api-version=) is required for all requests.",
    );
  }
  if (!supported.includes(version)) {
    return armError(
      c,
      400,
      "InvalidApiVersionParameter",
      `The api-version '${version}' is invalid. The supported versions are '${supported.join(",")}'.`,
    );
  }
  return undefined;
}

const environmentNotFound = (c: Context, name: string, tenantId: string) =>
  armError(
    c,
    404,
    "EnvironmentNotFound",
    `The environment '${name}' could not be found in the tenant '${tenantId}'.`,
  );
