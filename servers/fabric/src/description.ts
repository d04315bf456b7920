/** The Microsoft Fabric REST API (/v1) as data: the API, its operations and the permissions they need. */

import type { ApiDescription, NameLookup, OperationDescription } from "@entra-mcp/server-kit";
import { readServerPackage } from "@entra-mcp/server-kit";
import { z } from "zod";
import { definitionTable } from "./definition-table.js";

// package.json and the permission manifests sit beside src/ and dist/; read once at load (no network).
const { version, permissions } = readServerPackage(import.meta.url);

const workspaceId = z.string().min(1).max(256).describe("Workspace ID or name");
const itemId = z.string().min(1).max(256).describe("Item ID or name");
const jobInstanceId = z.string().min(1).max(100).describe("Job instance ID");
const jobType = z
  .string()
  .max(64)
  .regex(/^[A-Za-z]+$/)
  .describe("e.g. RunNotebook, Pipeline, TableMaintenance, DefaultJob");

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

// Delegated scopes as each operation's "Required Delegated Scopes" lists them, least privileged
// first. App-only calls carry no Fabric scopes: a service principal's access is its workspace role.
const WORKSPACE_READ = ["Workspace.Read.All", "Workspace.ReadWrite.All"];
const ITEM_READ = ["Item.Read.All", "Item.ReadWrite.All"];
const ITEM_EXECUTE = ["Item.Execute.All"];
const TENANT_READ = ["Tenant.Read.All", "Tenant.ReadWrite.All"];

// Read tools of the default list and of the presets, then the opt-in writes.
const operations: OperationDescription[] = [
  {
    name: "list_workspaces",
    title: "List workspaces",
    description: "Workspaces the caller can access (a service principal must be a member).",
    method: "GET",
    path: "/workspaces",
    input: {},
    access: "read",
    permissions: { delegated: WORKSPACE_READ },
    paging: true,
  },
  {
    name: "get_workspace",
    title: "Get workspace",
    description: "One workspace (type, capacity).",
    method: "GET",
    path: "/workspaces/{workspaceId}",
    input: { workspaceId },
    access: "read",
    permissions: { delegated: WORKSPACE_READ },
    lookups: inWorkspace,
  },
  {
    name: "list_workspace_role_assignments",
    title: "List workspace role assignments",
    description:
      "Who has which role (Admin, Member, Contributor, Viewer) in a workspace. Needs Member or above.",
    method: "GET",
    path: "/workspaces/{workspaceId}/roleAssignments",
    input: { workspaceId },
    access: "read",
    permissions: { delegated: WORKSPACE_READ },
    paging: true,
    lookups: inWorkspace,
    presets: ["admin"],
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
    permissions: { delegated: WORKSPACE_READ },
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
    permissions: { delegated: ITEM_READ },
    lookups: onItem,
  },
  {
    name: "get_job_instance",
    title: "Get job instance",
    description: "Status and failure reason of one job run.",
    method: "GET",
    path: "/workspaces/{workspaceId}/items/{itemId}/jobs/instances/{jobInstanceId}",
    input: { workspaceId, itemId, jobInstanceId },
    access: "read",
    outputSchema: jobInstance,
    permissions: { delegated: ITEM_READ },
    lookups: onItem,
  },
  {
    name: "list_job_instances",
    title: "List job instances",
    description: "Recent job runs of an item, newest first.",
    method: "GET",
    path: "/workspaces/{workspaceId}/items/{itemId}/jobs/instances",
    input: { workspaceId, itemId },
    access: "read",
    permissions: { delegated: ITEM_READ },
    paging: true,
    lookups: onItem,
  },
  {
    name: "list_job_schedules",
    title: "List job schedules",
    description: "An item's schedules for one job type.",
    method: "GET",
    path: "/workspaces/{workspaceId}/items/{itemId}/jobs/{jobType}/schedules",
    input: { workspaceId, itemId, jobType },
    access: "read",
    permissions: { delegated: ITEM_READ },
    paging: true,
    lookups: onItem,
  },
  {
    name: "get_lakehouse",
    title: "Get lakehouse",
    description: "A lakehouse's OneLake paths and SQL endpoint connection string.",
    method: "GET",
    path: "/workspaces/{workspaceId}/lakehouses/{lakehouseId}",
    input: { workspaceId, lakehouseId: z.string().min(1).max(256).describe("Lakehouse ID or name") },
    access: "read",
    permissions: { delegated: ["Lakehouse.Read.All", "Lakehouse.ReadWrite.All", ...ITEM_READ] },
    lookups: { workspaceId: workspaceLookup, lakehouseId: itemLookup },
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
  {
    name: "list_shortcuts",
    title: "List OneLake shortcuts",
    description: "OneLake shortcuts in an item and their targets.",
    method: "GET",
    path: "/workspaces/{workspaceId}/items/{itemId}/shortcuts",
    input: {
      workspaceId,
      itemId,
      parentPath: z.string().max(512).optional().describe('Only under this path, e.g. "Tables"'),
    },
    query: (args) => ({ parentPath: text(args.parentPath) }),
    access: "read",
    permissions: { delegated: ["OneLake.Read.All", "OneLake.ReadWrite.All"] },
    paging: true,
    lookups: onItem,
  },
  {
    name: "list_capacities",
    title: "List capacities",
    description: "Capacities the caller has a role on (SKU, region, state).",
    method: "GET",
    path: "/capacities",
    input: {},
    access: "read",
    permissions: { delegated: ["Capacity.Read.All", "Capacity.ReadWrite.All"] },
    paging: true,
    presets: ["admin"],
  },
  {
    name: "list_connections",
    title: "List connections",
    description: "Data connections the caller may use.",
    method: "GET",
    path: "/connections",
    input: {},
    access: "read",
    permissions: { delegated: ["Connection.Read.All", "Connection.ReadWrite.All"] },
    paging: true,
  },
  {
    name: "get_item_definition",
    title: "Get item definition",
    description:
      "An item's definition (notebook source, pipeline JSON...) as parts, text decoded; waits for the operation. Needs Contributor.",
    method: "POST",
    path: "/workspaces/{workspaceId}/items/{itemId}/getDefinition",
    input: { workspaceId, itemId },
    access: "read",
    idempotent: true,
    longRunning: true,
    table: definitionTable,
    permissions: { delegated: ["Item.ReadWrite.All"] },
    lookups: onItem,
    presets: ["developer"],
  },
  {
    name: "get_git_status",
    title: "Get Git status",
    description: "Uncommitted workspace changes and incoming Git changes, with conflicts. Needs Contributor.",
    method: "GET",
    path: "/workspaces/{workspaceId}/git/status",
    input: { workspaceId },
    access: "read",
    longRunning: true,
    permissions: { delegated: ["Workspace.GitUpdate.All", "Workspace.GitCommit.All"] },
    lookups: inWorkspace,
    presets: ["developer"],
  },
  {
    name: "admin_list_workspaces",
    title: "Admin: list workspaces",
    description: "Every workspace in the tenant (Fabric administrator or allowed service principal).",
    method: "GET",
    path: "/admin/workspaces",
    input: {
      name: z.string().max(256).optional().describe("Exact workspace name"),
      capacityId: z.uuid().optional().describe("Capacity ID"),
      state: z.enum(["Active", "Deleted"]).optional(),
    },
    query: (args) => ({ name: text(args.name), capacityId: text(args.capacityId), state: text(args.state) }),
    access: "read",
    permissions: { delegated: TENANT_READ },
    paging: true,
    presets: ["admin"],
  },
  {
    name: "admin_list_items",
    title: "Admin: list items",
    description: "Every item in the tenant, or in one workspace or capacity, optionally of one type.",
    method: "GET",
    path: "/admin/items",
    input: {
      workspaceId: z.uuid().optional().describe("Workspace ID"),
      capacityId: z.uuid().optional().describe("Capacity ID"),
      type: z
        .string()
        .max(64)
        .regex(/^[A-Za-z]+$/)
        .optional()
        .describe("Item type, e.g. Lakehouse"),
    },
    query: (args) => ({
      workspaceId: text(args.workspaceId),
      capacityId: text(args.capacityId),
      type: text(args.type),
    }),
    access: "read",
    permissions: { delegated: TENANT_READ },
    paging: true,
    presets: ["admin"],
  },
  {
    name: "run_item_job",
    title: "Run an item job",
    description:
      "Run a job (notebook, pipeline, Spark, table maintenance) and wait for it, up to a deadline. Never retried.",
    method: "POST",
    path: "/workspaces/{workspaceId}/items/{itemId}/jobs/{jobType}/instances",
    input: {
      workspaceId,
      itemId,
      jobType,
      executionData: z
        .record(z.string(), z.unknown())
        .optional()
        .describe("Job payload, if the type needs one"),
      parameters: z
        .array(
          z.object({
            name: z.string(),
            type: z.string(),
            value: z.unknown(),
          }),
        )
        .max(100)
        .optional()
        .describe("Per-run parameters"),
    },
    body: (args) =>
      args.executionData || args.parameters
        ? { executionData: args.executionData, parameters: args.parameters }
        : undefined,
    access: "write",
    permissions: { delegated: ITEM_EXECUTE },
    idempotent: false,
    longRunning: true,
    outputSchema: jobInstance,
    lookups: onItem,
  },
  {
    name: "cancel_job_instance",
    title: "Cancel a job instance",
    description: "Cancel a running job.",
    method: "POST",
    path: "/workspaces/{workspaceId}/items/{itemId}/jobs/instances/{jobInstanceId}/cancel",
    input: { workspaceId, itemId, jobInstanceId },
    access: "write",
    permissions: { delegated: ITEM_EXECUTE },
    lookups: onItem,
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
  presets: {
    developer: "item definitions and Git status (Item.ReadWrite.All, Workspace.GitUpdate.All)",
    admin:
      "workspace role assignments, capacities, and the tenant-wide workspace and item inventory (admin APIs: Tenant.Read.All)",
  },
  permissions,
};
