/** The Microsoft Fabric REST API (/v1) as data: the API, its operations and the permissions they need. */

import type { ApiDescription, NameLookup, OperationDescription } from "@entra-mcp/server-kit";
import { readServerPackage } from "@entra-mcp/server-kit";
import { z } from "zod";

// package.json and the permission manifests sit beside src/ and dist/; read once at load (no network).
const { version, permissions } = readServerPackage(import.meta.url);

const workspaceId = z.string().min(1).max(256).describe("Workspace ID or name");
const itemId = z.string().min(1).max(256).describe("Item ID or name");

const workspaceLookup: NameLookup = { path: "/workspaces", idField: "id", nameField: "displayName" };
const itemLookup: NameLookup = {
  path: "/workspaces/{workspaceId}/items",
  idField: "id",
  nameField: "displayName",
};
const inWorkspace = { workspaceId: workspaceLookup };
const onItem = { workspaceId: workspaceLookup, itemId: itemLookup };

/** An ItemJobInstance, as get_job_instance and a finished run_item_job return it. */
const jobInstance = {
  id: z.string(),
  itemId: z.string(),
  jobType: z.string(),
  invokeType: z.string().optional(),
  status: z.string().describe("NotStarted, InProgress, Completed, Failed, Cancelled or Deduped"),
  rootActivityId: z.string().nullish(),
  startTimeUtc: z.string().nullish(),
  endTimeUtc: z.string().nullish(),
  failureReason: z
    .looseObject({ errorCode: z.string().optional(), message: z.string().optional() })
    .nullish(),
};

const text = (value: unknown): string | undefined => (typeof value === "string" && value ? value : undefined);

const operations: OperationDescription[] = [
  {
    name: "list_workspaces",
    title: "List workspaces",
    description: "Fabric workspaces the caller can access (a service principal must be a workspace member).",
    method: "GET",
    path: "/workspaces",
    input: {},
    access: "read",
    permissions: { delegated: ["Workspace.Read.All", "Workspace.ReadWrite.All"] },
    paging: true,
  },
  {
    name: "list_items",
    title: "List items",
    description: "Items in a workspace, optionally of one type.",
    method: "GET",
    path: "/workspaces/{workspaceId}/items",
    input: {
      workspaceId,
      type: z
        .string()
        .max(64)
        .regex(/^[A-Za-z]+$/)
        .optional()
        .describe("Item type, e.g. Lakehouse, Notebook, DataPipeline, SemanticModel, Warehouse"),
    },
    query: (args) => ({ type: text(args.type) }),
    access: "read",
    permissions: { delegated: ["Workspace.Read.All", "Workspace.ReadWrite.All"] },
    paging: true,
    lookups: inWorkspace,
  },
  {
    name: "get_item",
    title: "Get item",
    description: "Properties of one item.",
    method: "GET",
    path: "/workspaces/{workspaceId}/items/{itemId}",
    input: { workspaceId, itemId },
    access: "read",
    permissions: { delegated: ["Item.Read.All", "Item.ReadWrite.All"] },
    lookups: onItem,
  },
  {
    name: "run_item_job",
    title: "Run an item job",
    description:
      "Run an on-demand job (notebook, pipeline, Spark job, table maintenance) and wait for it to finish, up to a deadline; returns the job instance. Not retried automatically.",
    method: "POST",
    path: "/workspaces/{workspaceId}/items/{itemId}/jobs/instances",
    input: {
      workspaceId,
      itemId,
      jobType: z
        .string()
        .max(64)
        .regex(/^[A-Za-z]+$/)
        .describe("Job type, e.g. RunNotebook, Pipeline, sparkjob, TableMaintenance, DefaultJob"),
      executionData: z
        .record(z.string(), z.unknown())
        .optional()
        .describe("Job payload, if the type needs one"),
    },
    query: (args) => ({ jobType: text(args.jobType) }),
    body: (args) => (args.executionData ? { executionData: args.executionData } : undefined),
    access: "write",
    permissions: { delegated: ["Item.Execute.All"] },
    idempotent: false,
    longRunning: true,
    outputSchema: jobInstance,
    lookups: onItem,
  },
  {
    name: "get_job_instance",
    title: "Get job instance",
    description: "Status of one job run (NotStarted, InProgress, Completed, Failed, Cancelled, Deduped).",
    method: "GET",
    path: "/workspaces/{workspaceId}/items/{itemId}/jobs/instances/{jobInstanceId}",
    input: { workspaceId, itemId, jobInstanceId: z.string().min(1).max(100).describe("Job instance ID") },
    access: "read",
    outputSchema: jobInstance,
    permissions: { delegated: ["Item.Read.All", "Item.ReadWrite.All"] },
    lookups: onItem,
  },
  {
    name: "list_lakehouse_tables",
    title: "List lakehouse tables",
    description: "Delta tables in a lakehouse (name, format, location).",
    method: "GET",
    path: "/workspaces/{workspaceId}/lakehouses/{lakehouseId}/tables",
    input: { workspaceId, lakehouseId: z.string().min(1).max(256).describe("Lakehouse ID or name") },
    access: "read",
    permissions: { delegated: ["Lakehouse.Read.All", "Lakehouse.ReadWrite.All"] },
    paging: true,
    lookups: { workspaceId: workspaceLookup, lakehouseId: itemLookup },
  },
];

export const fabricApi: ApiDescription = {
  name: "fabric",
  title: "Microsoft Fabric",
  version,
  instructions:
    "Microsoft Fabric REST API (/v1). Workspace and item arguments take an ID or a name. Use `request` for any other Fabric path.",
  apis: {
    fabric: { resource: "fabric", basePath: "/v1", paging: "continuation", title: "Microsoft Fabric" },
  },
  defaultApi: "fabric",
  operations,
  permissions,
};
