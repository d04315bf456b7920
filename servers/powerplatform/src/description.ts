/**
 * Power Platform as data: the Power Platform API (environments, apps), and the Dataverse Web API of
 * each environment (whose token audience is the environment URL itself).
 *
 * Permissions: the Power Platform API takes delegated scopes (EnvironmentManagement.Environments.Read,
 * PowerApps.Apps.Read) and, app-only, a service principal registered as a management application.
 * Dataverse has one delegated scope, user_impersonation, and app-only an application user of the
 * environment: what either may read is decided by the caller's Dataverse security roles (prvRead<Table>),
 * not by Entra permissions.
 */

import type { ApiDescription, OperationDescription } from "@entra-mcp/server-kit";
import { readServerPackage } from "@entra-mcp/server-kit";
import { z } from "zod";
import { dataverseOperations } from "./dataverse-operations.js";

// package.json and the permission manifests sit beside src/ and dist/; read once at load (no network).
const { version, permissions } = readServerPackage(import.meta.url);

/** The Power Platform API's generally available version for environment management. */
const ENVIRONMENTS_API_VERSION = "2024-10-01";
/** Power Apps listing is documented for the preview version only. */
const POWER_APPS_API_VERSION = "2022-03-01-preview";

const text = (value: unknown): string | undefined => (typeof value === "string" && value ? value : undefined);

const environmentId = z
  .string()
  .min(1)
  .max(200)
  .describe("Environment ID or display name (list_environments)");
// A display name is resolved to the ID with one GET of the environment list.
const byEnvironmentName = {
  environmentId: {
    api: "admin",
    path: `/environmentmanagement/environments?api-version=${ENVIRONMENTS_API_VERSION}&$select=id,displayName`,
    idField: "id",
    nameField: "displayName",
  },
};

const adminOperations: OperationDescription[] = [
  {
    name: "list_environments",
    title: "List environments",
    description:
      "Power Platform environments you can see (all of them for admins), with their Dataverse URLs. $filter supports type, state, geo, domainName, dataverseId, environmentGroupId.",
    api: "admin",
    method: "GET",
    path: "/environmentmanagement/environments",
    input: {
      filter: z.string().max(1000).optional().describe("OData $filter, e.g. type eq 'Sandbox'"),
      select: z.string().max(500).optional().describe("Properties ($select), e.g. id,displayName,url"),
      top: z.number().int().min(1).max(1000).optional(),
    },
    query: (args) => ({
      "api-version": ENVIRONMENTS_API_VERSION,
      $filter: text(args.filter),
      $select: text(args.select),
      $top: args.top as number | undefined,
    }),
    access: "read",
    permissions: { delegated: ["EnvironmentManagement.Environments.Read"] },
    paging: true,
  },
  {
    name: "get_environment",
    title: "Get environment",
    description: "One environment's details: type, state, region, version, Dataverse URL and ID.",
    api: "admin",
    method: "GET",
    path: "/environmentmanagement/environments/{environmentId}",
    input: { environmentId, select: z.string().max(500).optional().describe("Properties ($select)") },
    query: (args) => ({ "api-version": ENVIRONMENTS_API_VERSION, $select: text(args.select) }),
    lookups: byEnvironmentName,
    access: "read",
    permissions: { delegated: ["EnvironmentManagement.Environments.Read"] },
  },
  {
    name: "list_apps",
    title: "List Power Apps",
    description: "Canvas apps in an environment with owner and last change (as an admin).",
    api: "admin",
    method: "GET",
    path: "/powerapps/environments/{environmentId}/apps",
    input: { environmentId, top: z.number().int().min(1).max(1000).optional() },
    query: (args) => ({ "api-version": POWER_APPS_API_VERSION, $top: args.top as number | undefined }),
    lookups: byEnvironmentName,
    access: "read",
    permissions: { delegated: ["PowerApps.Apps.Read"] },
    paging: true,
    presets: ["admin"],
  },
];

export const powerPlatformApi: ApiDescription = {
  name: "powerplatform",
  title: "Power Platform",
  version,
  instructions:
    "Power Platform API (environments, apps) and the Dataverse Web API (/api/data/v9.2) of each environment. Dataverse tools take an environment URL or name; only configured or discovered environment URLs are called. Dataverse access follows the caller's security roles. Use `request` for any other path.",
  apis: {
    admin: { resource: "powerplatform", basePath: "", paging: "odata", title: "Power Platform API" },
    dataverse: {
      resource: "dataverse",
      basePath: "/api/data/v9.2",
      paging: "odata",
      dynamic: "environment-url",
      // Environments not named in ENTRA_MCP_DATAVERSE_URLS are found through the Power Platform API.
      discovery: {
        api: "admin",
        path: `/environmentmanagement/environments?api-version=${ENVIRONMENTS_API_VERSION}`,
        urlField: "url",
        idField: "id",
        nameField: "displayName",
      },
      headers: { "OData-MaxVersion": "4.0", "OData-Version": "4.0" },
      title: "Dataverse",
    },
  },
  defaultApi: "dataverse",
  operations: [...adminOperations, ...dataverseOperations],
  presets: {
    analyst: "Dataverse schema: choices, relationships, saved views",
    admin: "environment administration: apps, solutions, users, roles, teams, system jobs, plug-in traces",
  },
  permissions,
};
