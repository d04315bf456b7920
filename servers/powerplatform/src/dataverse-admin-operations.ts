/**
 * Dataverse tools for makers and admins, outside the default list: schema detail (choices,
 * relationships, saved views: preset `analyst`) and environment administration (solutions, users,
 * roles, teams, system jobs, plug-in trace logs: preset `admin`). All read-only; user_impersonation
 * delegated, an application user app-only, filtered by the caller's security roles.
 */
import type { OperationDescription } from "@entra-mcp/server-kit";
import { z } from "zod";
import { both, DATAVERSE, FORMATTED, prefer, quoted, table, top } from "./dataverse-args.js";

const nameContains = z.string().max(200).optional();
const contains = (field: string, value: unknown) =>
  typeof value === "string" && value ? `contains(${field},${quoted(value)})` : undefined;

export const dataverseAdminOperations: OperationDescription[] = [
  {
    name: "list_choices",
    title: "List choice options",
    description:
      "Option values and labels of a table's choice columns (default), status, status reason or yes/no columns.",
    api: "dataverse",
    method: "GET",
    path: "/EntityDefinitions(LogicalName='{table}')/Attributes/Microsoft.Dynamics.CRM.{kind}",
    input: {
      table,
      kind: z
        .enum([
          "PicklistAttributeMetadata",
          "StateAttributeMetadata",
          "StatusAttributeMetadata",
          "BooleanAttributeMetadata",
        ])
        .default("PicklistAttributeMetadata")
        .describe("Column kind"),
    },
    query: () => ({ $select: "LogicalName", $expand: "OptionSet" }),
    access: "read",
    permissions: DATAVERSE,
    paging: true,
    presets: ["analyst"],
  },
  {
    name: "list_relationships",
    title: "List table relationships",
    description:
      "A table's relationships: schema name, the other table, lookup column and navigation property.",
    api: "dataverse",
    method: "GET",
    path: "/EntityDefinitions(LogicalName='{table}')/{kind}",
    input: {
      table,
      kind: z
        .enum(["OneToManyRelationships", "ManyToOneRelationships", "ManyToManyRelationships"])
        .describe("OneToMany: rows of other tables that point at this one; ManyToOne: this table's lookups"),
    },
    access: "read",
    permissions: DATAVERSE,
    paging: true,
    presets: ["analyst"],
  },
  {
    name: "list_saved_queries",
    title: "List saved views",
    description: "System views (savedqueries) of a table: name, default, type, and their FetchXML.",
    api: "dataverse",
    method: "GET",
    path: "/savedqueries",
    input: { table, nameContains, top },
    query: (args) => ({
      $select: "savedqueryid,name,querytype,isdefault,fetchxml",
      $filter: both(`returnedtypecode eq ${quoted(String(args.table))}`, contains("name", args.nameContains)),
      $orderby: "name",
      $top: args.top as number | undefined,
    }),
    access: "read",
    permissions: DATAVERSE,
    paging: true,
    presets: ["analyst"],
  },
  {
    name: "list_solutions",
    title: "List solutions",
    description: "Solutions installed in the environment: unique and display name, version, managed or not.",
    api: "dataverse",
    method: "GET",
    path: "/solutions",
    input: { visibleOnly: z.boolean().optional().describe("Skip internal solutions (isvisible false)"), top },
    query: (args) => ({
      $select: "solutionid,uniquename,friendlyname,version,ismanaged,installedon",
      $filter: args.visibleOnly ? "isvisible eq true" : undefined,
      $orderby: "friendlyname",
      $top: args.top as number | undefined,
    }),
    access: "read",
    permissions: DATAVERSE,
    paging: true,
    presets: ["admin"],
  },
  {
    name: "list_dataverse_users",
    title: "List Dataverse users",
    description: "Users of the environment (people and application users) with their Entra IDs and state.",
    api: "dataverse",
    method: "GET",
    path: "/systemusers",
    input: {
      nameContains,
      applicationUsersOnly: z.boolean().optional().describe("Only application users (service principals)"),
      withRoles: z.boolean().optional().describe("Include each user's security roles"),
      top,
    },
    query: (args) => ({
      $select:
        "systemuserid,fullname,domainname,azureactivedirectoryobjectid,applicationid,accessmode,isdisabled",
      $expand: args.withRoles ? "systemuserroles_association($select=name)" : undefined,
      $filter: both(
        contains("fullname", args.nameContains),
        args.applicationUsersOnly ? "applicationid ne null" : undefined,
      ),
      $orderby: "fullname",
      $top: args.top as number | undefined,
    }),
    access: "read",
    permissions: DATAVERSE,
    paging: true,
    presets: ["admin"],
  },
  {
    name: "list_security_roles",
    title: "List security roles",
    description: "Security roles of the environment (a user's roles: list_dataverse_users withRoles).",
    api: "dataverse",
    method: "GET",
    path: "/roles",
    input: { nameContains },
    query: (args) => ({
      $select: "roleid,name,ismanaged,_businessunitid_value",
      $filter: contains("name", args.nameContains),
      $orderby: "name",
    }),
    access: "read",
    permissions: DATAVERSE,
    paging: true,
    presets: ["admin"],
  },
  {
    name: "list_teams",
    title: "List teams",
    description: "Teams: owner and access teams, and Entra security or Microsoft 365 group teams.",
    api: "dataverse",
    method: "GET",
    path: "/teams",
    input: { nameContains, top },
    query: (args) => ({
      $select: "teamid,name,teamtype,isdefault,azureactivedirectoryobjectid,_businessunitid_value",
      $filter: contains("name", args.nameContains),
      $orderby: "name",
      $top: args.top as number | undefined,
    }),
    access: "read",
    permissions: DATAVERSE,
    paging: true,
    presets: ["admin"],
  },
  {
    name: "list_async_operations",
    title: "List system jobs",
    description: "System jobs (asyncoperations), newest first: type, state, status reason and error message.",
    api: "dataverse",
    method: "GET",
    path: "/asyncoperations",
    input: { failedOnly: z.boolean().optional().describe("Only failed jobs (statuscode 31)"), top },
    query: (args) => ({
      $select: "asyncoperationid,name,operationtype,statecode,statuscode,message,startedon,completedon",
      $filter: args.failedOnly ? "statuscode eq 31" : undefined,
      $orderby: "createdon desc",
      $top: args.top as number | undefined,
    }),
    // Job types and states are numbers; their labels come back as formatted values.
    headers: () => prefer([FORMATTED]),
    access: "read",
    permissions: DATAVERSE,
    paging: true,
    presets: ["admin"],
  },
  {
    name: "list_plugin_trace_logs",
    title: "List plug-in trace logs",
    description: "Plug-in trace logs, newest first: plug-in type, message, mode, duration and exception.",
    api: "dataverse",
    method: "GET",
    path: "/plugintracelogs",
    input: {
      typeNameContains: nameContains,
      exceptionsOnly: z.boolean().optional().describe("Only runs that threw"),
      top,
    },
    query: (args) => ({
      $select:
        "plugintracelogid,typename,messagename,primaryentity,mode,depth,performanceexecutionduration,exceptiondetails,createdon",
      $filter: both(
        contains("typename", args.typeNameContains),
        args.exceptionsOnly ? "exceptiondetails ne null" : undefined,
      ),
      $orderby: "createdon desc",
      $top: args.top as number | undefined,
    }),
    access: "read",
    permissions: DATAVERSE,
    paging: true,
    presets: ["admin"],
  },
];
