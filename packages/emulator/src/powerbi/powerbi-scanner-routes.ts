import type { Hono } from "hono";
import type { Workspace } from "../workspaces/workspace-types.js";
import { authorizePowerBiAdmin, type PowerBiDeps } from "./powerbi-auth.js";
import type { ScanOptions, WorkspaceScan } from "./powerbi-catalog.js";
import { datasourceJson } from "./powerbi-catalog-json.js";
import { entityNotFound, invalidRequest } from "./powerbi-errors.js";
import { groupUserJson } from "./powerbi-principal-json.js";

const OPTIONS = [
  "lineage",
  "datasourceDetails",
  "datasetSchema",
  "datasetExpressions",
  "getArtifactUsers",
] as const;
const MAX_WORKSPACES = 100;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The admin scanner (WorkspaceInfo): GET admin/workspaces/modified lists workspace IDs, POST
 * admin/workspaces/getInfo starts a scan of up to 100
 * workspaces (202 with a ScanRequest — no Location header, the reference documents none), GET
 * scanStatus/{scanId} moves it NotStarted → Running → Succeeded one poll at a time, and GET
 * scanResult/{scanId} — only after Succeeded — returns the workspaces with what the query
 * options asked for. Admin APIs see every workspace of the tenant, member or not.
 */
export function registerPowerBiScannerRoutes(app: Hono, deps: PowerBiDeps): void {
  const catalog = deps.workspaces.powerBi;
  const base = "/v1.0/myorg/admin/workspaces";
  const scanJson = (s: WorkspaceScan) => ({ id: s.id, createdDateTime: s.createdDateTime, status: s.status });

  // WorkspaceInfo - Get Modified Workspaces: a bare array of {id}. The emulator's workspaces all
  // count as changed when the seed ran, so any allowed modifiedSince returns every one of them.
  app.get(`${base}/modified`, async (c) => {
    const claims = await authorizePowerBiAdmin(c, deps);
    if (claims instanceof Response) return claims;
    const since = c.req.query("modifiedSince");
    if (since !== undefined) {
      const at = Date.parse(since);
      const age = deps.nowMs() - at;
      if (Number.isNaN(at) || !/^\d{4}-\d{2}-\d{2}T/.test(since)) {
        return invalidRequest(c, `modifiedSince '${since}' is not an ISO 8601 UTC date-time.`);
      }
      if (age < 30 * 60_000 || age > 30 * 86_400_000) {
        return invalidRequest(c, "modifiedSince must be between 30 days and 30 minutes before now.");
      }
    }
    for (const flag of ["excludePersonalWorkspaces", "excludeInActiveWorkspaces"]) {
      const value = c.req.query(flag);
      if (value !== undefined && value !== "true" && value !== "false") {
        return invalidRequest(c, `The query parameter '${flag}' must be true or false, not '${value}'.`);
      }
    }
    return c.json(deps.workspaces.listWorkspaces().map((w) => ({ id: w.id })));
  });

  app.post(`${base}/getInfo`, async (c) => {
    const claims = await authorizePowerBiAdmin(c, deps);
    if (claims instanceof Response) return claims;
    const options = {} as ScanOptions;
    for (const name of OPTIONS) {
      const value = c.req.query(name);
      if (value !== undefined && value !== "true" && value !== "false") {
        return invalidRequest(c, `The query parameter '${name}' must be true or false, not '${value}'.`);
      }
      options[name] = value === "true";
    }
    let body: { workspaces?: unknown };
    try {
      body = (await c.req.json()) as typeof body;
    } catch {
      return invalidRequest(c, "The request body is not valid JSON.");
    }
    const ids = body?.workspaces;
    if (
      !Array.isArray(ids) ||
      ids.length === 0 ||
      ids.some((id) => typeof id !== "string" || !GUID.test(id))
    ) {
      return invalidRequest(c, "The 'workspaces' property is required: an array of 1 to 100 workspace IDs.");
    }
    if (ids.length > MAX_WORKSPACES) {
      return invalidRequest(
        c,
        `A scan takes at most ${MAX_WORKSPACES} workspaces; this one has ${ids.length}.`,
      );
    }
    const scan = catalog.startScan(
      (ids as string[]).map((id) => id.toLowerCase()),
      options,
      new Date(deps.nowMs()).toISOString(),
    );
    return c.json(scanJson(scan), 202);
  });

  app.get(`${base}/scanStatus/:scanId`, async (c) => {
    const claims = await authorizePowerBiAdmin(c, deps);
    if (claims instanceof Response) return claims;
    const scan = catalog.pollScan(c.req.param("scanId"));
    return scan ? c.json(scanJson(scan)) : entityNotFound(c);
  });

  app.get(`${base}/scanResult/:scanId`, async (c) => {
    const claims = await authorizePowerBiAdmin(c, deps);
    if (claims instanceof Response) return claims;
    const scan = catalog.getScan(c.req.param("scanId"));
    if (!scan) return entityNotFound(c);
    if (scan.status !== "Succeeded") {
      return invalidRequest(
        c,
        `Scan ${scan.id} is ${scan.status}: call scanResult only after scanStatus reports Succeeded.`,
      );
    }
    const workspaces = scan.workspaceIds
      .map((id) => deps.workspaces.getWorkspace(id))
      .filter((w): w is Workspace => w !== undefined);
    const datasources = new Map<string, Record<string, unknown>>();
    const result = workspaces.map((w) => workspaceInfo(deps, w, scan.options, datasources));
    return c.json({
      workspaces: result,
      ...(scan.options.datasourceDetails ? { datasourceInstances: [...datasources.values()] } : {}),
    });
  });
}

/** One WorkspaceInfo: its reports, dashboards, datasets and dataflows, with the requested extras. */
function workspaceInfo(
  deps: PowerBiDeps,
  w: Workspace,
  options: ScanOptions,
  datasources: Map<string, Record<string, unknown>>,
): Record<string, unknown> {
  const { workspaces, directory } = deps;
  const catalog = workspaces.powerBi;
  const users = (list: Record<string, unknown>[]) => (options.getArtifactUsers ? { users: list } : {});
  const members = [...w.members].map(([id, role]) => groupUserJson(directory, id, role));
  return {
    id: w.id,
    name: w.name,
    description: w.description,
    type: "Workspace",
    state: "Active",
    isOnDedicatedCapacity: true,
    capacityId: w.capacityId.toUpperCase(),
    defaultDatasetStorageFormat: "Small",
    reports: workspaces.listReports(w.id).map((r) => ({
      reportType: "PowerBIReport",
      id: r.id,
      name: r.name,
      datasetId: r.datasetId,
      ...users([]),
    })),
    dashboards: catalog.dashboardsIn(w.id).map((d) => ({
      id: d.id,
      displayName: d.displayName,
      isReadOnly: d.isReadOnly,
      tiles: d.tiles.map((t) => ({
        id: t.id,
        title: t.title,
        ...(t.reportId ? { reportId: t.reportId } : {}),
        ...(t.datasetId ? { datasetId: t.datasetId } : {}),
      })),
      ...users([]),
    })),
    datasets: workspaces.listDatasets(w.id).map((d) => {
      const sources = catalog.datasourcesOf(d.id);
      for (const s of sources) datasources.set(s.datasourceId, datasourceJson(s));
      return {
        id: d.id,
        name: d.name,
        configuredBy: d.configuredBy,
        targetStorageMode: "Abf",
        ...(options.datasetSchema
          ? {
              tables: d.tables.map((t) => ({
                name: t.name,
                columns: t.columns.map((column) => ({
                  name: column,
                  dataType: dataTypeOf(t.rows.map((row) => row[column])),
                  isHidden: false,
                })),
                measures: [],
                isHidden: false,
              })),
            }
          : {}),
        ...(options.datasetExpressions
          ? {
              expressions: catalog.parametersOf(d.id).map((p) => ({
                name: p.name,
                expression: `"${p.currentValue}" meta [IsParameterQuery=true, Type="${p.type}", IsParameterQueryRequired=${p.isRequired}]`,
              })),
            }
          : {}),
        ...(options.lineage || options.datasourceDetails
          ? { datasourceUsages: sources.map((s) => ({ datasourceInstanceId: s.datasourceId })) }
          : {}),
        ...users([]),
      };
    }),
    dataflows: catalog.dataflowsIn(w.id).map((f) => ({
      objectId: f.objectId,
      name: f.name,
      description: f.description,
      configuredBy: f.configuredBy,
      modelUrl: f.modelUrl,
      ...users([]),
    })),
    ...users(members),
  };
}

/** The tabular type a column's values suggest (the scanner reports the model's types). */
function dataTypeOf(values: unknown[]): string {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length > 0 && present.every((v) => typeof v === "number")) {
    return present.every((v) => Number.isInteger(v)) ? "Int64" : "Double";
  }
  if (present.length > 0 && present.every((v) => typeof v === "boolean")) return "Boolean";
  if (present.length > 0 && present.every((v) => typeof v === "string" && /^\d{4}-\d{2}-\d{2}/.test(v))) {
    return "DateTime";
  }
  return "String";
}
