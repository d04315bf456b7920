/** Microsoft Graph v1.0 as data: the API, its operations and the permissions they need. */

import type { ApiDescription, OperationDescription } from "@entra-mcp/server-kit";
import { readServerPackage } from "@entra-mcp/server-kit";
import { z } from "zod";
import { contentOperations } from "./operations/content.js";
import { adminOperations, directoryOperations, orgChartOperations } from "./operations/directory.js";
import {
  advancedHeaders,
  directoryQuery,
  filter,
  groupId,
  search,
  select,
  selectTop,
  text,
  top,
  userId,
} from "./operations/query-args.js";

// package.json and the permission manifests sit beside src/ and dist/; read once at load (no network).
const { version, permissions } = readServerPackage(import.meta.url);

// Permissions that allow each call (least privileged first), per Microsoft's permissions reference.
// App-only User.ReadBasic.All, Group.ReadBasic.All and GroupMember.ReadBasic.All are application
// roles too: with User.ReadBasic.All, Graph returns only the basic profile (name, mail, UPN, id).
const READ_USERS = {
  app: ["User.ReadBasic.All", "User.Read.All", "Directory.Read.All"],
  delegated: ["User.ReadBasic.All", "User.Read.All", "Directory.Read.All"],
};
const READ_GROUPS = {
  app: ["Group.ReadBasic.All", "GroupMember.Read.All", "Group.Read.All", "Directory.Read.All"],
  delegated: ["Group.ReadBasic.All", "GroupMember.Read.All", "Group.Read.All", "Directory.Read.All"],
};
const READ_MEMBERS = [
  "GroupMember.ReadBasic.All",
  "Group.ReadBasic.All",
  "GroupMember.Read.All",
  "Group.Read.All",
  "Directory.Read.All",
];
const READ_APPLICATIONS = {
  app: ["Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All"],
  delegated: ["Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All"],
};

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
    description:
      "Users in the tenant. Filter or search by name, UPN or mail. jobTitle, department etc. need User.Read.All.",
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
    description: "One user by object ID or UPN. Non-basic properties ($select) need User.Read.All.",
    method: "GET",
    path: "/users/{userId}",
    input: { userId, select },
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
    input: { groupId, select, top },
    query: selectTop,
    access: "read",
    permissions: { app: READ_MEMBERS, delegated: READ_MEMBERS },
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
    description:
      "The signed-in user's mail, newest first. search is KQL (from:, subject:; needs Mail.Read), not with filter.",
    method: "GET",
    path: "/me/messages",
    input: {
      search: z.string().max(500).optional().describe("KQL $search, e.g. from:ada subject:invoice"),
      filter,
      select,
      top,
    },
    query: (args) => {
      const kql = text(args.search);
      return {
        $search: kql ? `"${kql.replaceAll('"', "")}"` : undefined,
        $filter: text(args.filter),
        // Mail.ReadBasic covers every property except body, bodyPreview and uniqueBody.
        $select:
          text(args.select) ?? "subject,from,receivedDateTime,isRead,hasAttachments,importance,webLink",
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
    "Microsoft Graph v1.0 for the configured Entra tenant. Prefer the named tools; use `request` for any other Graph path (relative to /v1.0). get_me, list_messages and send_mail need delegated mode. Filters with endswith, ne or not get ConsistencyLevel: eventual and $count=true automatically.",
  apis: {
    graph: {
      resource: "graph",
      basePath: "/v1.0",
      paging: "odata",
      title: "Microsoft Graph",
      batch: { path: "/$batch", maxRequests: 20 },
    },
  },
  defaultApi: "graph",
  operations: [
    ...operations,
    ...directoryOperations,
    ...orgChartOperations,
    ...adminOperations,
    ...contentOperations,
  ],
  presets: {
    content: "calendar view, OneDrive and SharePoint file and site search",
    analyst: "org chart and nested membership: manager, direct reports, group owners, transitive memberships",
    admin:
      "tenant administration: service principals and their grants, roles, audit log, Conditional Access, devices, licences, MFA registration",
  },
  permissions,
};
