/** Microsoft Graph v1.0 as data: the API, its operations and the permissions they need. */

import type { ApiDescription, OperationDescription } from "@entra-mcp/server-kit";
import { readServerPackage } from "@entra-mcp/server-kit";
import { z } from "zod";

// package.json and the permission manifests sit beside src/ and dist/; read once at load (no network).
const { version, permissions } = readServerPackage(import.meta.url);

// Permissions that allow each call (least privileged first), from the Graph v1.0 reference.
const READ_USERS = {
  app: ["User.Read.All", "User.ReadWrite.All", "Directory.Read.All"],
  delegated: ["User.ReadBasic.All", "User.Read.All", "Directory.Read.All"],
};
const READ_GROUPS = {
  app: ["GroupMember.Read.All", "Group.Read.All", "Directory.Read.All"],
  delegated: ["GroupMember.Read.All", "Group.Read.All", "Directory.Read.All"],
};
const READ_APPLICATIONS = {
  app: ["Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All"],
  delegated: ["Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All"],
};

const top = z.number().int().min(1).max(999).optional().describe("Page size ($top)");
const select = z.string().max(1000).optional().describe("Comma-separated properties ($select)");
const filter = z.string().max(2000).optional().describe("OData $filter");
const search = z
  .string()
  .max(500)
  .optional()
  .describe("$search: words match displayName; or mail:ada, clauses joined by AND/OR");

type Args = Record<string, unknown>;
const text = (value: unknown): string | undefined => (typeof value === "string" && value ? value : undefined);

/** Graph wants every $search clause quoted as "property:term"; bare words search displayName. */
function searchClause(value: unknown): string | undefined {
  const term = text(value);
  if (!term) return undefined;
  if (term.includes('"')) return term;
  // split() with a capture group keeps the AND/OR operators at the odd indexes.
  return term
    .split(/\s+(AND|OR)\s+/)
    .map((part, index) => (index % 2 === 1 ? part : `"${part.includes(":") ? part : `displayName:${part}`}"`))
    .join(" ");
}

/** $search over directory objects is an "advanced query": it needs $count=true and ConsistencyLevel: eventual. */
function directoryQuery(args: Args) {
  const searchValue = searchClause(args.search);
  return {
    $search: searchValue,
    $filter: text(args.filter),
    $select: text(args.select),
    $top: args.top as number | undefined,
    $count: searchValue ? true : undefined,
  };
}
const advancedHeaders = (args: Args): Record<string, string> =>
  text(args.search) ? { ConsistencyLevel: "eventual" } : {};

const operations: OperationDescription[] = [
  {
    name: "get_me",
    title: "Signed-in user",
    description: "Profile of the signed-in user (/me).",
    method: "GET",
    path: "/me",
    input: { select },
    query: (args) => ({ $select: text(args.select) }),
    access: "read",
    permissions: { delegated: ["User.Read", "User.ReadBasic.All", "User.Read.All"] },
    mode: "delegated",
  },
  {
    name: "list_users",
    title: "List users",
    description: "Users in the tenant. Filter or search by name, UPN or mail.",
    method: "GET",
    path: "/users",
    input: { search, filter, select, top },
    query: directoryQuery,
    headers: advancedHeaders,
    access: "read",
    permissions: READ_USERS,
    paging: true,
  },
  {
    name: "get_user",
    title: "Get user",
    description: "One user by object ID or userPrincipalName.",
    method: "GET",
    path: "/users/{userId}",
    input: { userId: z.string().min(1).max(256).describe("Object ID or userPrincipalName"), select },
    query: (args) => ({ $select: text(args.select) }),
    access: "read",
    permissions: READ_USERS,
  },
  {
    name: "list_groups",
    title: "List groups",
    description: "Groups in the tenant. Filter or search by name.",
    method: "GET",
    path: "/groups",
    input: { search, filter, select, top },
    query: directoryQuery,
    headers: advancedHeaders,
    access: "read",
    permissions: READ_GROUPS,
    paging: true,
  },
  {
    name: "list_group_members",
    title: "List group members",
    description: "Direct members of a group (users, groups, devices, service principals).",
    method: "GET",
    path: "/groups/{groupId}/members",
    input: { groupId: z.string().min(1).max(100).describe("Group object ID"), select, top },
    query: (args) => ({ $select: text(args.select), $top: args.top as number | undefined }),
    access: "read",
    permissions: READ_GROUPS,
    paging: true,
  },
  {
    name: "list_applications",
    title: "List app registrations",
    description: "App registrations (applications) in the tenant.",
    method: "GET",
    path: "/applications",
    input: { search, filter, select, top },
    query: directoryQuery,
    headers: advancedHeaders,
    access: "read",
    permissions: READ_APPLICATIONS,
    paging: true,
  },
  {
    name: "list_sign_ins",
    title: "List sign-ins",
    description:
      "Entra sign-in log, newest first. Filter e.g. userPrincipalName eq 'a@b.com' or createdDateTime ge 2025-01-01. Needs Entra ID P1/P2.",
    method: "GET",
    path: "/auditLogs/signIns",
    input: { filter, top },
    query: (args) => ({ $filter: text(args.filter), $top: args.top as number | undefined }),
    access: "read",
    permissions: { app: ["AuditLog.Read.All"], delegated: ["AuditLog.Read.All"] },
    paging: true,
  },
  {
    name: "list_messages",
    title: "List my messages",
    description: "The signed-in user's mail, newest first. search is KQL (from:, subject:).",
    method: "GET",
    path: "/me/messages",
    input: {
      search: z.string().max(500).optional().describe("KQL $search, e.g. subject:invoice"),
      filter,
      select,
      top,
    },
    query: (args) => {
      const kql = text(args.search);
      return {
        $search: kql ? `"${kql.replaceAll('"', "")}"` : undefined,
        $filter: text(args.filter),
        $select: text(args.select) ?? "subject,from,receivedDateTime,isRead,bodyPreview,webLink",
        $top: args.top as number | undefined,
      };
    },
    access: "read",
    permissions: { delegated: ["Mail.ReadBasic", "Mail.Read", "Mail.ReadWrite"] },
    mode: "delegated",
    paging: true,
  },
  {
    name: "send_mail",
    title: "Send mail",
    description: "Send an email as the signed-in user. Not retried: a repeat call sends a second email.",
    method: "POST",
    path: "/me/sendMail",
    input: {
      to: z.array(z.email().max(320)).min(1).max(50).describe("Recipient addresses"),
      cc: z.array(z.email().max(320)).max(50).optional(),
      subject: z.string().max(255),
      body: z.string().max(32_000),
      contentType: z.enum(["Text", "HTML"]).default("Text"),
      saveToSentItems: z.boolean().default(true),
    },
    body: (args) => {
      const recipients = (list: unknown) =>
        ((list as string[] | undefined) ?? []).map((address) => ({ emailAddress: { address } }));
      return {
        message: {
          subject: args.subject,
          body: { contentType: args.contentType, content: args.body },
          toRecipients: recipients(args.to),
          ccRecipients: recipients(args.cc),
        },
        saveToSentItems: args.saveToSentItems,
      };
    },
    access: "write",
    permissions: { delegated: ["Mail.Send"] },
    idempotent: false,
    mode: "delegated",
  },
];

export const graphApi: ApiDescription = {
  name: "graph",
  title: "Microsoft Graph",
  version,
  instructions:
    "Microsoft Graph v1.0 for the configured Entra tenant. Prefer the named tools; use `request` for any other Graph path (relative to /v1.0). get_me, list_messages and send_mail need delegated mode.",
  apis: { graph: { resource: "graph", basePath: "/v1.0", paging: "odata", title: "Microsoft Graph" } },
  defaultApi: "graph",
  operations,
  permissions,
};
