/** The Power BI REST API (/v1.0/myorg) as data: the API, its operations and the permissions they need. */

import type { ApiDescription, NameLookup, OperationDescription, TableResult } from "@entra-mcp/server-kit";
import { readServerPackage } from "@entra-mcp/server-kit";
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
const inWorkspace = { workspaceId: workspaceLookup };
const inDataset = { workspaceId: workspaceLookup, datasetId: datasetLookup };

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
      "Start a refresh of a semantic model (202 Accepted); follow it with list_refreshes. Not retried automatically.",
    method: "POST",
    path: "/groups/{workspaceId}/datasets/{datasetId}/refreshes",
    input: {
      workspaceId,
      datasetId,
      notifyOption: z
        .enum(["NoNotification", "MailOnFailure", "MailOnCompletion"])
        .default("NoNotification")
        .describe("Mail options need delegated mode"),
    },
    body: (args) => ({ notifyOption: args.notifyOption }),
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
];

export const powerBiApi: ApiDescription = {
  name: "powerbi",
  title: "Power BI",
  version,
  instructions:
    "Power BI REST API (/v1.0/myorg). Workspace and dataset arguments take an ID or a name. Use `request` for any other Power BI path, e.g. /groups/{id}/dashboards.",
  apis: { powerbi: { resource: "powerbi", basePath: "/v1.0/myorg", paging: "none", title: "Power BI" } },
  defaultApi: "powerbi",
  operations,
  apps: [reportApp],
  permissions,
};
