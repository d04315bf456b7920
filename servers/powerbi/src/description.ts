/** The Power BI REST API (/v1.0/myorg) as data: the API, its operations and the permissions they need. */

import type { ApiDescription, NameLookup, OperationDescription, TableResult } from "@entra-mcp/server-kit";
import { readServerPackage, ToolError } from "@entra-mcp/server-kit";
import { z } from "zod";
import { reportApp } from "./report-app/report-app.js";

// package.json and the permission manifests sit beside src/ and dist/; read once at load (no network).
const { version, permissions } = readServerPackage(import.meta.url);

const workspaceId = z.string().min(1).max(256).describe("Workspace ID or name");
const datasetId = z.string().min(1).max(256).describe("Semantic model (dataset) ID or name");

const workspaceLookup: NameLookup = { path: "/groups", idField: "id", nameField: "name" };
const datasetLookup: NameLookup = {
  path: "/groups/{workspaceId}/datasets",
  idField: "id",
  nameField: "name",
};
const dashboardLookup: NameLookup = {
  path: "/groups/{workspaceId}/dashboards",
  idField: "id",
  nameField: "displayName",
};
const reportLookup: NameLookup = { path: "/groups/{workspaceId}/reports", idField: "id", nameField: "name" };
const inWorkspace = { workspaceId: workspaceLookup };
const inDataset = { workspaceId: workspaceLookup, datasetId: datasetLookup };

// Delegated scopes per operation, least privileged first (the reference's "Required Scope").
// App-only needs none: a service principal is authorized by workspace membership, and for the
// admin APIs by the tenant setting "Service principals can access read-only admin APIs".
const DATASET_READ = { delegated: ["Dataset.Read.All", "Dataset.ReadWrite.All"] };
const TENANT_READ = { delegated: ["Tenant.Read.All", "Tenant.ReadWrite.All"] };
const ADMIN = ["admin"];
const ANALYST = ["analyst"];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An ISO 8601 UTC date-time as the activity log wants it: millisecond precision, in single quotes. */
const quotedUtc = (value: unknown): string => `'${new Date(String(value)).toISOString()}'`;

/**
 * admin/activityevents' query: the window (same UTC day, checked here so the model gets the fix,
 * not a 400) and $filter from activity / userId (the API supports eq and `and` only).
 */
function activityQuery(args: Record<string, unknown>) {
  const start = new Date(String(args.start));
  const end = new Date(String(args.end));
  if (start.toISOString().slice(0, 10) !== end.toISOString().slice(0, 10) || end < start) {
    throw new ToolError(
      "InvalidArgument",
      `start (${start.toISOString()}) and end (${end.toISOString()}) must be in the same UTC day, start first: the activity log serves at most one day per call. Fix: call once per day, e.g. start 2024-05-01T00:00:00Z, end 2024-05-01T23:59:59Z.`,
    );
  }
  const quote = (value: unknown) => `'${String(value).replaceAll("'", "''")}'`;
  const terms = [
    ...(text(args.activity) ? [`Activity eq ${quote(args.activity)}`] : []),
    ...(text(args.userId) ? [`UserId eq ${quote(args.userId)}`] : []),
  ];
  return {
    startDateTime: quotedUtc(args.start),
    endDateTime: quotedUtc(args.end),
    $filter: terms.length > 0 ? terms.join(" and ") : undefined,
  };
}

const utcDateTime = z
  .string()
  .max(40)
  .refine(
    (value) =>
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?Z$/.test(value) && !Number.isNaN(Date.parse(value)),
    {
      message: "an ISO 8601 UTC date-time ending in Z, e.g. 2024-05-01T00:00:00Z",
    },
  );

const text = (value: unknown): string | undefined => (typeof value === "string" && value ? value : undefined);

/**
 * execute_dax in app-only mode, after reading the dataset: Power BI does not run a service
 * principal's queries on a model with row-level security ("Service Principals aren't supported
 * for datasets with RLS", Execute Queries limitations) — with impersonatedUserName or without —
 * so the query is not sent and the error names what works: delegated mode, where the user's own
 * roles apply or impersonatedUserName picks the UPN whose roles apply.
 */
function refuseRlsForApp(args: Record<string, unknown>, body: unknown) {
  const dataset = (body ?? {}) as Record<string, unknown>;
  if (dataset.isEffectiveIdentityRequired !== true && dataset.isEffectiveIdentityRolesRequired !== true) {
    return undefined;
  }
  const name = text(dataset.name) ?? String(args.datasetId);
  const upn = text(args.impersonatedUserName);
  return {
    code: "RowLevelSecurityNeedsUser",
    message:
      `semantic model "${name}" has row-level security, and Power BI does not run app-only (service principal) queries on RLS models${upn ? `, even with impersonatedUserName "${upn}"` : ""}; nothing was sent. ` +
      "Fix: run this server in delegated mode (ENTRA_MCP_AUTH_MODE=delegated), where the signed-in user's roles apply, or pass impersonatedUserName there with the UPN whose roles should apply.",
  };
}

/**
 * executeQueries' rows (one object per row, keyed Table[Column]) as a table: column names once,
 * each row an array. With includeNulls every row has every column; the service reports a result
 * it cut (over 100,000 rows or 1,000,000 values) as an error next to the rows it kept.
 */
function daxTable(body: unknown): TableResult | undefined {
  type Part = { error?: unknown };
  const response = body as Part & { results?: (Part & { tables?: (Part & { rows?: unknown })[] })[] };
  const result = response?.results?.[0];
  const table = result?.tables?.[0];
  const rows = table?.rows;
  if (!result || (rows !== undefined && !Array.isArray(rows))) return undefined;
  const records = (rows ?? []) as Record<string, unknown>[];
  const columns = [...new Set(records.flatMap((row) => Object.keys(row)))];
  // The reference allows an error on the table, the result or the response; the nearest wins.
  const error = (table?.error ?? result.error ?? response.error) as
    | { code?: unknown; message?: unknown }
    | undefined;
  const message = error
    ? (text(error.message) ?? text(error.code) ?? "the service reported an error")
    : undefined;
  return {
    columns,
    rows: records.map((row) => columns.map((column) => row[column] ?? null)),
    ...(message
      ? {
          cutBy: `${message} (executeQueries returns at most 100,000 rows or 1,000,000 values per query)`,
          extra: { error },
        }
      : {}),
  };
}

const operations: OperationDescription[] = [
  {
    name: "list_workspaces",
    title: "List workspaces",
    description: "Workspaces the caller can access (a service principal must be a workspace member).",
    method: "GET",
    path: "/groups",
    input: {
      filter: z.string().max(2000).optional().describe("OData $filter, e.g. contains(name,'Sales')"),
      top: z.number().int().min(1).max(5000).optional(),
    },
    query: (args) => ({ $filter: text(args.filter), $top: args.top as number | undefined }),
    access: "read",
    permissions: { delegated: ["Workspace.Read.All", "Workspace.ReadWrite.All"] },
  },
  {
    name: "list_datasets",
    title: "List semantic models",
    description: "Semantic models (datasets) in a workspace.",
    method: "GET",
    path: "/groups/{workspaceId}/datasets",
    input: { workspaceId },
    access: "read",
    permissions: { delegated: ["Dataset.Read.All", "Dataset.ReadWrite.All"] },
    lookups: inWorkspace,
  },
  {
    name: "list_reports",
    title: "List reports",
    description: "Reports in a workspace.",
    method: "GET",
    path: "/groups/{workspaceId}/reports",
    input: { workspaceId },
    access: "read",
    permissions: { delegated: ["Report.Read.All", "Report.ReadWrite.All"] },
    lookups: inWorkspace,
  },
  {
    name: "execute_dax",
    title: "Run a DAX query",
    description:
      "Run one DAX query (EVALUATE ...) on a semantic model; returns columns once and rows as arrays. Limits: one table, 100,000 rows or 1,000,000 values, 15 MB; a cut result says which limit cut it, so use TOPN or filters. RLS models refuse app-only mode: in delegated mode your roles apply, or those of impersonatedUserName.",
    method: "POST",
    path: "/groups/{workspaceId}/datasets/{datasetId}/executeQueries",
    input: {
      workspaceId,
      datasetId,
      query: z.string().min(1).max(32_000).describe("DAX query, e.g. EVALUATE TOPN(10, 'Sales')"),
      impersonatedUserName: z
        .string()
        .max(256)
        .optional()
        .describe("UPN whose RLS roles apply (delegated mode)"),
    },
    body: (args) => ({
      queries: [{ query: args.query }],
      serializerSettings: { includeNulls: true },
      impersonatedUserName: text(args.impersonatedUserName),
    }),
    access: "read",
    permissions: { delegated: ["Dataset.Read.All", "Dataset.ReadWrite.All"] },
    idempotent: true,
    precheck: { mode: "app", path: "/groups/{workspaceId}/datasets/{datasetId}", refuse: refuseRlsForApp },
    table: daxTable,
    outputSchema: {
      columns: z.array(z.string()).describe("Column names, e.g. Sales[Amount]"),
      rows: z.array(z.array(z.unknown())).describe("One array per row, in column order"),
      rowCount: z.number().int().describe("Rows the service returned (before any cut to the budget)"),
      error: z.looseObject({ code: z.string().optional(), message: z.string().optional() }).optional(),
    },
    lookups: inDataset,
  },
  {
    name: "refresh_dataset",
    title: "Refresh a semantic model",
    description:
      "Start a refresh of a semantic model (202); follow with list_refreshes. type/tables: enhanced refresh (Premium), its location ends in the refreshId. Not retried automatically.",
    method: "POST",
    path: "/groups/{workspaceId}/datasets/{datasetId}/refreshes",
    input: {
      workspaceId,
      datasetId,
      notifyOption: z
        .enum(["NoNotification", "MailOnFailure", "MailOnCompletion"])
        .default("NoNotification")
        .describe("Mail options need delegated mode"),
      type: z.enum(["Full", "ClearValues", "Calculate", "DataOnly", "Automatic", "Defragment"]).optional(),
      tables: z.array(z.string().min(1).max(256)).max(100).optional(),
    },
    // Enhanced refresh must leave notifyOption out (the reference's limitation).
    body: (args) =>
      args.type !== undefined || (Array.isArray(args.tables) && args.tables.length > 0)
        ? {
            type: args.type ?? "Full",
            ...(Array.isArray(args.tables) && args.tables.length > 0
              ? { objects: (args.tables as string[]).map((table) => ({ table })) }
              : {}),
          }
        : { notifyOption: args.notifyOption },
    access: "write",
    permissions: { delegated: ["Dataset.ReadWrite.All"] },
    idempotent: false,
    lookups: inDataset,
  },
  {
    name: "list_refreshes",
    title: "Refresh history",
    description: "Refresh history of a semantic model, newest first (status, start/end, error).",
    method: "GET",
    path: "/groups/{workspaceId}/datasets/{datasetId}/refreshes",
    input: { workspaceId, datasetId, top: z.number().int().min(1).max(100).default(10) },
    query: (args) => ({ $top: args.top as number | undefined }),
    access: "read",
    permissions: { delegated: ["Dataset.Read.All", "Dataset.ReadWrite.All"] },
    lookups: inDataset,
  },
  {
    name: "get_refresh_details",
    title: "Refresh details",
    description:
      "One refresh's execution details: status (Unknown while running), tables, attempts, engine messages.",
    method: "GET",
    path: "/groups/{workspaceId}/datasets/{datasetId}/refreshes/{refreshId}",
    input: {
      workspaceId,
      datasetId,
      refreshId: z.string().min(1).max(64).describe("requestId of the refresh"),
    },
    access: "read",
    permissions: DATASET_READ,
    lookups: inDataset,
    presets: ANALYST,
  },
  {
    name: "list_dashboards",
    title: "List dashboards",
    description: "Dashboards in a workspace.",
    method: "GET",
    path: "/groups/{workspaceId}/dashboards",
    input: { workspaceId },
    access: "read",
    permissions: { delegated: ["Dashboard.Read.All", "Dashboard.ReadWrite.All"] },
    lookups: inWorkspace,
    presets: ANALYST,
  },
  {
    name: "list_tiles",
    title: "List dashboard tiles",
    description: "Tiles of a dashboard (title, source report and dataset, size).",
    method: "GET",
    path: "/groups/{workspaceId}/dashboards/{dashboardId}/tiles",
    input: { workspaceId, dashboardId: z.string().min(1).max(256).describe("Dashboard ID or name") },
    access: "read",
    permissions: { delegated: ["Dashboard.Read.All", "Dashboard.ReadWrite.All"] },
    lookups: { workspaceId: workspaceLookup, dashboardId: dashboardLookup },
    presets: ANALYST,
  },
  {
    name: "list_report_pages",
    title: "List report pages",
    description: "Pages of a report, in order (name, displayName).",
    method: "GET",
    path: "/groups/{workspaceId}/reports/{reportId}/pages",
    input: { workspaceId, reportId: z.string().min(1).max(256).describe("Report ID or name") },
    access: "read",
    permissions: { delegated: ["Report.Read.All", "Report.ReadWrite.All"] },
    lookups: { workspaceId: workspaceLookup, reportId: reportLookup },
    presets: ANALYST,
  },
  {
    name: "list_workspace_users",
    title: "List workspace users",
    description: "Who has access to a workspace and with which role (users, groups, service principals).",
    method: "GET",
    path: "/groups/{workspaceId}/users",
    input: { workspaceId, top: z.number().int().min(1).max(5000).optional() },
    query: (args) => ({ $top: args.top as number | undefined }),
    access: "read",
    permissions: { delegated: ["Workspace.Read.All", "Workspace.ReadWrite.All"] },
    lookups: inWorkspace,
    presets: ADMIN,
  },
  {
    name: "list_dataflows",
    title: "List dataflows",
    description: "Dataflows in a workspace.",
    method: "GET",
    path: "/groups/{workspaceId}/dataflows",
    input: { workspaceId },
    access: "read",
    permissions: { delegated: ["Dataflow.Read.All", "Dataflow.ReadWrite.All"] },
    lookups: inWorkspace,
    presets: ANALYST,
  },
  {
    name: "list_apps",
    title: "List installed apps",
    description: "Power BI apps installed for the signed-in user (delegated mode only).",
    method: "GET",
    path: "/apps",
    input: {},
    access: "read",
    mode: "delegated",
    permissions: { delegated: ["App.Read.All"] },
    presets: ANALYST,
  },
  {
    name: "get_dataset_datasources",
    title: "Semantic model data sources",
    description: "Data sources of a semantic model: type, connection details, gateway binding.",
    method: "GET",
    path: "/groups/{workspaceId}/datasets/{datasetId}/datasources",
    input: { workspaceId, datasetId },
    access: "read",
    permissions: DATASET_READ,
    lookups: inDataset,
    presets: ANALYST,
  },
  {
    name: "get_refresh_schedule",
    title: "Refresh schedule",
    description: "Scheduled refresh of a semantic model: days, times, time zone, enabled.",
    method: "GET",
    path: "/groups/{workspaceId}/datasets/{datasetId}/refreshSchedule",
    input: { workspaceId, datasetId },
    access: "read",
    permissions: DATASET_READ,
    lookups: inDataset,
    presets: ANALYST,
  },
  {
    name: "get_dataset_parameters",
    title: "Semantic model parameters",
    description: "Power Query parameters of a semantic model (name, type, current value).",
    method: "GET",
    path: "/groups/{workspaceId}/datasets/{datasetId}/parameters",
    input: { workspaceId, datasetId },
    access: "read",
    permissions: DATASET_READ,
    lookups: inDataset,
    presets: ANALYST,
  },
  {
    name: "list_capacities",
    title: "List capacities",
    description: "Capacities the caller administers or may assign workspaces to (SKU, state, region).",
    method: "GET",
    path: "/capacities",
    input: {},
    access: "read",
    permissions: { delegated: ["Capacity.Read.All", "Capacity.ReadWrite.All"] },
    presets: ADMIN,
  },
  {
    name: "list_gateways",
    title: "List gateways",
    description: "On-premises data gateways the caller is an admin of (type, status).",
    method: "GET",
    path: "/gateways",
    input: {},
    access: "read",
    permissions: DATASET_READ,
    presets: ADMIN,
  },
  {
    name: "list_modified_workspaces",
    title: "Workspace IDs (admin)",
    description:
      "IDs of every workspace in the tenant, or of those changed since modifiedSince (30 min to 30 days ago): the input for scan_workspaces.",
    method: "GET",
    path: "/admin/workspaces/modified",
    input: {
      modifiedSince: utcDateTime.optional(),
      excludePersonalWorkspaces: z.boolean().optional(),
    },
    query: (args) => ({
      modifiedSince: text(args.modifiedSince)
        ? new Date(String(args.modifiedSince)).toISOString()
        : undefined,
      excludePersonalWorkspaces: args.excludePersonalWorkspaces as boolean | undefined,
    }),
    access: "read",
    permissions: TENANT_READ,
    presets: ADMIN,
  },
  {
    name: "scan_workspaces",
    title: "Scan workspaces (admin)",
    description:
      "Admin scanner: metadata of up to 100 workspaces (reports, dashboards, datasets, dataflows, optionally schemas, data sources, users), any workspace in the tenant. Waits for the scan. Fabric admin, or a service principal allowed read-only admin APIs.",
    method: "POST",
    path: "/admin/workspaces/getInfo",
    input: {
      workspaceIds: z.array(z.string().regex(GUID, "a workspace ID (GUID)")).min(1).max(100),
      datasetSchema: z.boolean().optional().describe("Tables and columns"),
      datasourceDetails: z.boolean().optional(),
      lineage: z.boolean().optional(),
      getArtifactUsers: z.boolean().optional(),
    },
    query: (args) => ({
      lineage: args.lineage === true ? true : undefined,
      datasourceDetails: args.datasourceDetails === true ? true : undefined,
      datasetSchema: args.datasetSchema === true ? true : undefined,
      getArtifactUsers: args.getArtifactUsers === true ? true : undefined,
    }),
    body: (args) => ({ workspaces: args.workspaceIds }),
    access: "read",
    idempotent: false,
    statusPoll: {
      statusPath: "/admin/workspaces/scanStatus/{id}",
      resultPath: "/admin/workspaces/scanResult/{id}",
    },
    permissions: TENANT_READ,
    presets: ADMIN,
  },
  {
    name: "list_activity_events",
    title: "Activity log (admin)",
    description:
      "Tenant audit events (views, exports, refreshes...) between start and end in one UTC day, oldest first; filter by activity or userId. Fabric admin, or a service principal allowed read-only admin APIs.",
    method: "GET",
    path: "/admin/activityevents",
    input: {
      start: utcDateTime.describe("UTC start, e.g. 2024-05-01T00:00:00Z"),
      end: utcDateTime.describe("UTC end, same day"),
      activity: z.string().max(100).optional().describe("e.g. ViewReport"),
      userId: z.string().max(256).optional().describe("UPN"),
      top: z.number().int().min(1).max(10_000).optional(),
    },
    query: activityQuery,
    access: "read",
    paging: true,
    permissions: TENANT_READ,
    presets: ADMIN,
  },
];

export const powerBiApi: ApiDescription = {
  name: "powerbi",
  title: "Power BI",
  version,
  instructions:
    "Power BI REST API (/v1.0/myorg). Workspace and dataset arguments take an ID or a name. Use `request` for any other Power BI path, e.g. /groups/{id}/datasets/{id}/users. More tools come with ENTRA_MCP_TOOLS=analyst (dashboards, dataflows, apps, model internals) or admin (workspace users, capacities, gateways, the admin scanner, the activity log).",
  apis: { powerbi: { resource: "powerbi", basePath: "/v1.0/myorg", paging: "none", title: "Power BI" } },
  defaultApi: "powerbi",
  operations,
  presets: {
    analyst:
      "content beyond models and reports: dashboards and tiles, report pages, dataflows, installed apps, and model internals (data sources, refresh schedule and details, parameters)",
    admin:
      "administration: workspace users, capacities, gateways, workspace IDs and the admin scanner, the tenant activity log",
  },
  apps: [reportApp],
  permissions,
};
