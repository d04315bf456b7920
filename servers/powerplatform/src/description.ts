/**
 * Power Platform as data: the admin API for environments, and the Dataverse Web API of each
 * environment (whose token audience is the environment URL itself).
 */

import type { ApiDescription, OperationDescription } from "@entra-mcp/server-kit";
import { readServerPackage } from "@entra-mcp/server-kit";
import { z } from "zod";

// package.json and the permission manifests sit beside src/ and dist/; read once at load (no network).
const { version, permissions } = readServerPackage(import.meta.url);

const ADMIN_API_VERSION = "2022-03-01-preview";

const top = z.number().int().min(1).max(5000).optional().describe("Max rows ($top)");

const text = (value: unknown): string | undefined => (typeof value === "string" && value ? value : undefined);
const both = (...clauses: (string | undefined)[]): string | undefined =>
  clauses.filter(Boolean).join(" and ") || undefined;
const quoted = (value: string): string => `'${value.replaceAll("'", "''")}'`;

const operations: OperationDescription[] = [
  {
    name: "list_environments",
    title: "List environments",
    description: "Power Platform environments in the tenant, with their Dataverse URLs.",
    api: "admin",
    method: "GET",
    path: "/environmentmanagement/environments",
    input: {},
    query: () => ({ "api-version": ADMIN_API_VERSION }),
    access: "read",
    permissions: { delegated: ["EnvironmentManagement.Environments.Read"] },
    paging: true,
  },
  {
    name: "dataverse_whoami",
    title: "Dataverse WhoAmI",
    description: "The caller's Dataverse user, business unit and organization IDs in an environment.",
    api: "dataverse",
    method: "GET",
    path: "/WhoAmI",
    input: {},
    access: "read",
    outputSchema: { BusinessUnitId: z.string(), UserId: z.string(), OrganizationId: z.string() },
    permissions: { delegated: ["user_impersonation"] },
  },
  {
    name: "dataverse_query",
    title: "Query Dataverse rows",
    description:
      "Read rows of a table by entity set name (e.g. accounts) with OData options, or run a FetchXML query instead (fetchXml replaces the OData options).",
    api: "dataverse",
    method: "GET",
    path: "/{entitySet}",
    input: {
      entitySet: z
        .string()
        .max(128)
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an entity set name such as accounts")
        .describe("Entity set name (plural), e.g. accounts, contacts; see list_tables"),
      select: z.string().max(1000).optional().describe("Columns ($select), e.g. name,revenue"),
      filter: z.string().max(2000).optional().describe("OData $filter, e.g. statecode eq 0"),
      orderby: z.string().max(500).optional(),
      expand: z.string().max(1000).optional(),
      top,
      fetchXml: z.string().max(20_000).optional().describe("FetchXML <fetch> query"),
      formatted: z.boolean().optional().describe("Include display values of choices and lookups"),
    },
    query: (args) => {
      const fetchXml = text(args.fetchXml);
      if (fetchXml) return { fetchXml };
      return {
        $select: text(args.select),
        $filter: text(args.filter),
        $orderby: text(args.orderby),
        $expand: text(args.expand),
        $top: args.top as number | undefined,
      };
    },
    headers: (args): Record<string, string> =>
      args.formatted
        ? { Prefer: 'odata.include-annotations="OData.Community.Display.V1.FormattedValue"' }
        : {},
    access: "read",
    permissions: { delegated: ["user_impersonation"] },
    paging: true,
  },
  {
    name: "list_tables",
    title: "List Dataverse tables",
    description: "Tables (entity definitions): logical name, entity set name, display name, custom or not.",
    api: "dataverse",
    method: "GET",
    path: "/EntityDefinitions",
    input: {
      customOnly: z.boolean().optional().describe("Only custom tables"),
      filter: z.string().max(2000).optional().describe("Extra OData $filter, e.g. LogicalName eq 'account'"),
    },
    query: (args) => ({
      $select: "LogicalName,EntitySetName,DisplayName,IsCustomEntity",
      $filter: both(args.customOnly ? "IsCustomEntity eq true" : undefined, text(args.filter)),
    }),
    access: "read",
    permissions: { delegated: ["user_impersonation"] },
    paging: true,
  },
  {
    name: "list_flows",
    title: "List cloud flows",
    description:
      "Power Automate cloud flows stored in Dataverse (workflows with category 5) and their state.",
    api: "dataverse",
    method: "GET",
    path: "/workflows",
    input: {
      nameContains: z.string().max(200).optional(),
      activeOnly: z.boolean().optional().describe("Only flows that are on (statecode 1)"),
      top,
    },
    query: (args) => {
      const name = text(args.nameContains);
      return {
        $select: "workflowid,name,statecode,statuscode,modifiedon,_ownerid_value",
        $filter: both(
          "category eq 5",
          args.activeOnly ? "statecode eq 1" : undefined,
          name ? `contains(name,${quoted(name)})` : undefined,
        ),
        $orderby: "modifiedon desc",
        $top: args.top as number | undefined,
      };
    },
    access: "read",
    permissions: { delegated: ["user_impersonation"] },
    paging: true,
  },
];

export const powerPlatformApi: ApiDescription = {
  name: "powerplatform",
  title: "Power Platform",
  version,
  instructions:
    "Power Platform admin API (environments) and the Dataverse Web API (/api/data/v9.2) of each environment. Dataverse tools take an environment URL or name; only configured or discovered environment URLs are called. Use `request` for any other Dataverse path.",
  apis: {
    admin: { resource: "powerplatform", basePath: "", paging: "odata", title: "Power Platform admin API" },
    dataverse: {
      resource: "dataverse",
      basePath: "/api/data/v9.2",
      paging: "odata",
      dynamic: "environment-url",
      // Environments not named in ENTRA_MCP_DATAVERSE_URLS are found through the admin API.
      discovery: {
        api: "admin",
        path: `/environmentmanagement/environments?api-version=${ADMIN_API_VERSION}`,
        urlField: "url",
        idField: "id",
        nameField: "displayName",
      },
      headers: { "OData-MaxVersion": "4.0", "OData-Version": "4.0" },
      title: "Dataverse",
    },
  },
  defaultApi: "dataverse",
  operations,
  permissions,
};
