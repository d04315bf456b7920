/** The Power BI REST API (/v1.0/myorg) as data: the API, its operations and the permissions they need. */

import type { ApiDescription, NameLookup, OperationDescription } from "@entra-mcp/server-kit";
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
      "Run one DAX query (EVALUATE ...) against a semantic model. Limits: one table, 100,000 rows or 1,000,000 values per query (whichever comes first), 15 MB; long results are cut to the output budget, so use TOPN or filters. Row-level security is not applied to a service principal (app-only mode); models with RLS refuse service principals, so query those in delegated mode.",
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
    outputSchema: {
      results: z
        .array(
          z.looseObject({
            tables: z.array(z.looseObject({ rows: z.array(z.record(z.string(), z.unknown())) })).optional(),
            error: z.looseObject({ code: z.string().optional(), message: z.string().optional() }).optional(),
          }),
        )
        .describe("results[0].tables[0].rows: one object per row, keyed Table[Column]"),
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
