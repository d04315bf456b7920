import type { Context, Hono } from "hono";
import type { Dataset } from "../workspaces/workspace-types.js";
import {
  authorizePowerBi,
  type PowerBiDeps,
  READ_DASHBOARDS,
  READ_DATAFLOWS,
  READ_DATASETS,
  requireWorkspace,
} from "./powerbi-auth.js";
import type { PbiDashboard } from "./powerbi-catalog.js";
import {
  dashboardJson,
  dataflowJson,
  datasourceJson,
  parameterJson,
  scheduleJson,
  tileJson,
} from "./powerbi-catalog-json.js";
import { entityNotFound, invalidRequest } from "./powerbi-errors.js";

/**
 * Workspace content beyond datasets and reports: Dashboards - Get Dashboards / Get Tiles In
 * Group, Dataflows - Get Dataflows, and a dataset's Get Datasources / Get Refresh Schedule /
 * Get Parameters In Group. Every route checks the operation's delegated scopes and the
 * caller's workspace role, as the service does.
 */
export function registerPowerBiContentRoutes(app: Hono, deps: PowerBiDeps): void {
  const catalog = deps.workspaces.powerBi;
  const context = (fragment: string) => `${deps.powerBiUrl}/v1.0/myorg/$metadata#${fragment}`;
  const group = "/v1.0/myorg/groups/:groupId";

  const workspaceFor = async (c: Context, scopes: string[]) => {
    const claims = await authorizePowerBi(c, deps, scopes);
    if (claims instanceof Response) return claims;
    return requireWorkspace(c, deps, claims, c.req.param("groupId") ?? "");
  };

  const dashboardFor = async (c: Context): Promise<PbiDashboard | Response> => {
    const workspace = await workspaceFor(c, READ_DASHBOARDS);
    if (workspace instanceof Response) return workspace;
    const wanted = (c.req.param("dashboardId") ?? "").toLowerCase();
    return catalog.dashboardsIn(workspace.id).find((d) => d.id === wanted) ?? entityNotFound(c);
  };

  const datasetFor = async (c: Context): Promise<Dataset | Response> => {
    const workspace = await workspaceFor(c, READ_DATASETS);
    if (workspace instanceof Response) return workspace;
    return deps.workspaces.getDataset(workspace.id, c.req.param("datasetId") ?? "") ?? entityNotFound(c);
  };

  app.get(`${group}/dashboards`, async (c) => {
    const workspace = await workspaceFor(c, READ_DASHBOARDS);
    if (workspace instanceof Response) return workspace;
    return c.json({
      "@odata.context": context("dashboards"),
      value: catalog.dashboardsIn(workspace.id).map((d) => dashboardJson(d, deps.powerBiAppUrl)),
    });
  });

  app.get(`${group}/dashboards/:dashboardId`, async (c) => {
    const dashboard = await dashboardFor(c);
    if (dashboard instanceof Response) return dashboard;
    return c.json({
      "@odata.context": context("dashboards/$entity"),
      ...dashboardJson(dashboard, deps.powerBiAppUrl),
    });
  });

  app.get(`${group}/dashboards/:dashboardId/tiles`, async (c) => {
    const dashboard = await dashboardFor(c);
    if (dashboard instanceof Response) return dashboard;
    return c.json({
      "@odata.context": context("tiles"),
      value: dashboard.tiles.map((t) => tileJson(t, dashboard, deps.powerBiAppUrl)),
    });
  });

  app.get(`${group}/dataflows`, async (c) => {
    const workspace = await workspaceFor(c, READ_DATAFLOWS);
    if (workspace instanceof Response) return workspace;
    return c.json({
      "@odata.context": context("dataflows"),
      value: catalog.dataflowsIn(workspace.id).map(dataflowJson),
    });
  });

  app.get(`${group}/datasets/:datasetId/datasources`, async (c) => {
    const dataset = await datasetFor(c);
    if (dataset instanceof Response) return dataset;
    return c.json({
      "@odata.context": context("datasources"),
      value: catalog.datasourcesOf(dataset.id).map(datasourceJson),
    });
  });

  app.get(`${group}/datasets/:datasetId/refreshSchedule`, async (c) => {
    const dataset = await datasetFor(c);
    if (dataset instanceof Response) return dataset;
    const schedule = catalog.scheduleOf(dataset.id);
    // Only refreshable (imported) models have a schedule; the service refuses the others.
    if (!dataset.isRefreshable || !schedule) {
      return invalidRequest(
        c,
        `The dataset ${dataset.id} is not refreshable, so it has no refresh schedule.`,
      );
    }
    return c.json({
      "@odata.context": context("Microsoft.PowerBI.ServiceContracts.Api.V1.RefreshSchedule"),
      ...scheduleJson(schedule),
    });
  });

  app.get(`${group}/datasets/:datasetId/parameters`, async (c) => {
    const dataset = await datasetFor(c);
    if (dataset instanceof Response) return dataset;
    return c.json({
      "@odata.context": context("parameters"),
      value: catalog.parametersOf(dataset.id).map(parameterJson),
    });
  });
}
