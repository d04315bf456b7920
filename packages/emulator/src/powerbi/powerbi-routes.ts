import type { Context, Hono } from "hono";
import { newGuid } from "../ids.js";
import { filterTerms, matchesFilter, ODataSyntaxError, parseFilter } from "../odata/filter-expression.js";
import { parseIntegerOption } from "../odata/query-options.js";
import { roleAtLeast } from "../workspaces/workspace-state.js";
import { registerPowerBiActivityRoutes } from "./powerbi-activity-routes.js";
import {
  authorizePowerBi,
  READ_DATASETS,
  READ_REPORTS,
  READ_WORKSPACES,
  requireWorkspace,
} from "./powerbi-auth.js";
import { registerPowerBiContentRoutes } from "./powerbi-content-routes.js";
import { registerPowerBiDatasetRoutes } from "./powerbi-dataset-routes.js";
import { type EmbedTokenDeps, registerPowerBiEmbedTokenRoutes } from "./powerbi-embed-token-routes.js";
import { entityNotFound } from "./powerbi-errors.js";
import { registerPowerBiGroupUserRoutes } from "./powerbi-group-user-routes.js";
import { datasetJson, groupJson, reportJson } from "./powerbi-json.js";
import { registerPowerBiReportRoutes } from "./powerbi-report-routes.js";
import { registerPowerBiScannerRoutes } from "./powerbi-scanner-routes.js";
import { registerPowerBiTenantRoutes } from "./powerbi-tenant-routes.js";

const GROUP_FILTERS: Record<string, string[]> = {
  name: ["eq", "ne", "contains", "startswith", "endswith"],
  id: ["eq", "ne"],
  type: ["eq", "ne"],
};

/**
 * Power BI REST (api.powerbi.com/v1.0/myorg): workspaces, datasets, reports; DAX and refreshes
 * (powerbi-dataset-routes), report pages (powerbi-report-routes), embed tokens
 * (powerbi-embed-token-routes), workspace users (powerbi-group-user-routes), dashboards, dataflows
 * and dataset details (powerbi-content-routes), capacities, gateways and apps (powerbi-tenant-routes),
 * the admin scanner (powerbi-scanner-routes) and the activity log (powerbi-activity-routes).
 */
export function registerPowerBiRoutes(app: Hono, deps: EmbedTokenDeps): void {
  const context = (fragment: string) => `${deps.powerBiUrl}/v1.0/myorg/$metadata#${fragment}`;

  app.get("/v1.0/myorg/groups", async (c) => {
    const claims = await authorizePowerBi(c, deps, READ_WORKSPACES);
    if (claims instanceof Response) return claims;
    let groups = deps.workspaces
      .listWorkspaces()
      .filter((w) => roleAtLeast(deps.workspaces.roleOf(w.id, claims.oid), "Viewer"))
      .map(groupJson);
    const filter = c.req.query("$filter");
    if (filter !== undefined) {
      try {
        const expression = parseFilter(filter);
        const bad = filterTerms(expression).find((t) => !GROUP_FILTERS[t.property]?.includes(t.operator));
        if (bad) return badRequest(c, "$filter", `The property '${bad.property}' cannot be used in $filter.`);
        // Every emulated group is a Workspace; the swagger's Group has no `type` to return, but the
        // service filters on it.
        groups = groups.filter((g) => matchesFilter(expression, { ...g, type: "Workspace" }));
      } catch (error) {
        if (error instanceof ODataSyntaxError) return badRequest(c, "$filter", error.message);
        throw error;
      }
    }
    const top = parseIntegerOption(c.req.query("$top"));
    const skip = parseIntegerOption(c.req.query("$skip"));
    if (top.invalid !== undefined) return badRequest(c, "$top", `'${top.invalid}' is not a valid value.`);
    if (skip.invalid !== undefined) return badRequest(c, "$skip", `'${skip.invalid}' is not a valid value.`);
    const start = skip.value ?? 0;
    const page = groups.slice(start, top.value === undefined ? undefined : start + top.value);
    return c.json({ "@odata.context": context("groups"), "@odata.count": page.length, value: page });
  });

  app.get("/v1.0/myorg/groups/:groupId", async (c) => {
    const claims = await authorizePowerBi(c, deps, READ_WORKSPACES);
    if (claims instanceof Response) return claims;
    const workspace = requireWorkspace(c, deps, claims, c.req.param("groupId"));
    if (workspace instanceof Response) return workspace;
    return c.json({ "@odata.context": context("groups/$entity"), ...groupJson(workspace) });
  });

  app.get("/v1.0/myorg/groups/:groupId/datasets", async (c) => {
    const claims = await authorizePowerBi(c, deps, READ_DATASETS);
    if (claims instanceof Response) return claims;
    const workspace = requireWorkspace(c, deps, claims, c.req.param("groupId"));
    if (workspace instanceof Response) return workspace;
    return c.json({
      "@odata.context": context("datasets"),
      value: deps.workspaces.listDatasets(workspace.id).map(datasetJson),
    });
  });

  app.get("/v1.0/myorg/groups/:groupId/datasets/:datasetId", async (c) => {
    const claims = await authorizePowerBi(c, deps, READ_DATASETS);
    if (claims instanceof Response) return claims;
    const workspace = requireWorkspace(c, deps, claims, c.req.param("groupId"));
    if (workspace instanceof Response) return workspace;
    const dataset = deps.workspaces.getDataset(workspace.id, c.req.param("datasetId"));
    if (!dataset) return entityNotFound(c);
    return c.json({ "@odata.context": context("datasets/$entity"), ...datasetJson(dataset) });
  });

  app.get("/v1.0/myorg/groups/:groupId/reports", async (c) => {
    const claims = await authorizePowerBi(c, deps, READ_REPORTS);
    if (claims instanceof Response) return claims;
    const workspace = requireWorkspace(c, deps, claims, c.req.param("groupId"));
    if (workspace instanceof Response) return workspace;
    return c.json({
      "@odata.context": context("reports"),
      value: deps.workspaces.listReports(workspace.id).map((r) => reportJson(r, deps.powerBiAppUrl)),
    });
  });

  registerPowerBiDatasetRoutes(app, deps);
  registerPowerBiReportRoutes(app, deps);
  registerPowerBiEmbedTokenRoutes(app, deps);
  registerPowerBiGroupUserRoutes(app, deps);
  registerPowerBiContentRoutes(app, deps);
  registerPowerBiTenantRoutes(app, deps);
  registerPowerBiScannerRoutes(app, deps);
  registerPowerBiActivityRoutes(app, deps);
}

/** Power BI's model-validation error shape for bad query options. */
function badRequest(c: Context, target: string, message: string): Response {
  return c.json(
    { error: { code: "BadRequest", message: "Bad Request", details: [{ message, target }] } },
    400,
    {
      RequestId: newGuid(),
    },
  );
}
