/**
 * Dataverse Web API tools: identity, rows (query, one record, counts), table schema and cloud flows.
 * Every one needs the delegated user_impersonation scope, or app-only an application user; the
 * rows a caller sees are what its security roles allow.
 */
import type { OperationDescription } from "@entra-mcp/server-kit";
import { z } from "zod";
import { dataverseAdminOperations } from "./dataverse-admin-operations.js";
import {
  both,
  DATAVERSE,
  entitySet,
  FETCH_XML_PAGING_ANNOTATIONS,
  FORMATTED,
  formatted,
  guid,
  prefer,
  quoted,
  table,
  text,
  top,
} from "./dataverse-args.js";

const operations: OperationDescription[] = [
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
    permissions: DATAVERSE,
  },
  {
    name: "dataverse_query",
    title: "Query Dataverse rows",
    description:
      "Rows of a table by entity set name with OData options, or a FetchXML query instead (replaces the OData options; paged by paging cookie).",
    api: "dataverse",
    method: "GET",
    path: "/{entitySet}",
    input: {
      entitySet,
      select: z.string().max(1000).optional().describe("Columns ($select), e.g. name,revenue"),
      filter: z.string().max(2000).optional().describe("OData $filter, e.g. statecode eq 0"),
      orderby: z.string().max(500).optional(),
      expand: z.string().max(1000).optional().describe("$expand, e.g. primarycontactid($select=fullname)"),
      top,
      fetchXml: z.string().max(20_000).optional().describe("FetchXML <fetch> query"),
      formatted,
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
    // FetchXML pages only when the paging annotations are asked for (http/fetch-xml-paging.ts).
    headers: (args) => {
      const paging = text(args.fetchXml) ? FETCH_XML_PAGING_ANNOTATIONS : [];
      return prefer([...paging, ...(args.formatted ? [FORMATTED] : [])]);
    },
    access: "read",
    permissions: DATAVERSE,
    paging: true,
  },
  {
    name: "get_record",
    title: "Get a Dataverse record",
    description: "One row by ID, with optional $select and $expand.",
    api: "dataverse",
    method: "GET",
    path: "/{entitySet}({id})",
    input: {
      entitySet,
      id: guid("Row ID (the table's primary key)"),
      select: z.string().max(1000).optional(),
      expand: z.string().max(1000).optional(),
      formatted,
    },
    query: (args) => ({ $select: text(args.select), $expand: text(args.expand) }),
    headers: (args) => prefer(args.formatted ? [FORMATTED] : []),
    access: "read",
    permissions: DATAVERSE,
  },
  {
    name: "count_records",
    title: "Count Dataverse rows",
    description: "Total rows of a table (RetrieveTotalRecordCount: a snapshot refreshed about daily, fast).",
    api: "dataverse",
    method: "GET",
    // Inline collection literal: a parameter alias (@p1) would put "@" in the first path segment.
    path: "/RetrieveTotalRecordCount(EntityNames=['{table}'])",
    input: { table },
    access: "read",
    permissions: DATAVERSE,
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
    permissions: DATAVERSE,
    paging: true,
  },
  {
    name: "list_columns",
    title: "List table columns",
    description:
      "A table's columns: logical name, type, display name, required level; see list_choices for options.",
    api: "dataverse",
    method: "GET",
    path: "/EntityDefinitions(LogicalName='{table}')/Attributes",
    input: { table, customOnly: z.boolean().optional().describe("Only custom columns") },
    query: (args) => ({
      $select: "LogicalName,AttributeType,DisplayName,RequiredLevel,IsPrimaryId,IsPrimaryName",
      $filter: args.customOnly ? "IsCustomAttribute eq true" : undefined,
    }),
    access: "read",
    permissions: DATAVERSE,
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
    permissions: DATAVERSE,
    paging: true,
  },
  {
    name: "list_flow_runs",
    title: "List cloud flow runs",
    description: "Cloud flow run history (flowruns table), newest first: status, start/end, trigger, error.",
    api: "dataverse",
    method: "GET",
    path: "/flowruns",
    input: {
      flowId: guid("Flow (workflowid from list_flows)").optional(),
      status: z.enum(["Succeeded", "Failed", "Running", "Cancelled"]).optional(),
      top,
    },
    query: (args) => ({
      $select: "name,status,starttime,endtime,duration,triggertype,errorcode,errormessage,_workflow_value",
      $filter: both(
        typeof args.flowId === "string" ? `_workflow_value eq ${args.flowId.toLowerCase()}` : undefined,
        typeof args.status === "string" ? `status eq ${quoted(args.status)}` : undefined,
      ),
      $orderby: "starttime desc",
      $top: args.top as number | undefined,
    }),
    access: "read",
    permissions: DATAVERSE,
    paging: true,
  },
];

export const dataverseOperations: OperationDescription[] = [...operations, ...dataverseAdminOperations];
