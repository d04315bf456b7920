/**
 * Directory depth: memberships, the org chart, owners, service principals and their grants,
 * devices, roles, audits and tenant policy. Read-only. Permissions are least privileged first,
 * per Microsoft's permissions reference for each path.
 */
import type { OperationDescription } from "@entra-mcp/server-kit";
import {
  advancedHeaders,
  directoryQuery,
  filter,
  groupId,
  search,
  select,
  selectTop,
  servicePrincipalId,
  text,
  top,
  userId,
} from "./query-args.js";

const both = (permissions: string[]) => ({ app: permissions, delegated: permissions });
const filterTop = (args: Record<string, unknown>) => ({
  $filter: text(args.filter),
  $top: args.top as number | undefined,
});

/** Relationship lists of one directory object: $select and $top, paged. */
const relation = (
  spec: Pick<OperationDescription, "name" | "title" | "description" | "path" | "permissions" | "presets">,
  id: Record<string, typeof userId>,
): OperationDescription => ({
  ...spec,
  method: "GET",
  input: { ...id, select, top },
  query: selectTop,
  access: "read",
  paging: true,
});

/** In the default list: which groups and roles a user is in. */
export const directoryOperations: OperationDescription[] = [
  relation(
    {
      name: "list_user_member_of",
      title: "User's direct memberships",
      description: "Groups and directory roles a user is a direct member of.",
      path: "/users/{userId}/memberOf",
      permissions: {
        app: ["Directory.Read.All", "Group.ReadBasic.All", "GroupMember.ReadBasic.All"],
        delegated: ["User.Read", "Group.ReadBasic.All", "GroupMember.Read.All", "Directory.Read.All"],
      },
    },
    { userId },
  ),
];

/** Preset "analyst": the org chart and nested group structure. */
export const orgChartOperations: OperationDescription[] = [
  relation(
    {
      name: "list_user_transitive_member_of",
      title: "User's memberships, nested",
      description: "Groups and roles a user belongs to, including through nested groups.",
      path: "/users/{userId}/transitiveMemberOf",
      permissions: {
        app: ["User.Read.All", "Group.ReadBasic.All", "GroupMember.Read.All", "Directory.Read.All"],
        delegated: ["User.Read", "Group.ReadBasic.All", "GroupMember.Read.All", "Directory.Read.All"],
      },
      presets: ["analyst"],
    },
    { userId },
  ),
  {
    name: "get_user_manager",
    title: "User's manager",
    description: "The manager of a user.",
    method: "GET",
    path: "/users/{userId}/manager",
    input: { userId, select },
    query: (args) => ({ $select: text(args.select) }),
    access: "read",
    permissions: both(["User.Read.All", "Directory.Read.All"]),
    presets: ["analyst"],
  },
  relation(
    {
      name: "list_direct_reports",
      title: "User's direct reports",
      description: "People who report to a user.",
      path: "/users/{userId}/directReports",
      permissions: {
        app: ["User.Read.All", "Directory.Read.All"],
        delegated: ["User.Read", "User.Read.All", "Directory.Read.All"],
      },
      presets: ["analyst"],
    },
    { userId },
  ),
  relation(
    {
      name: "list_group_owners",
      title: "Group owners",
      description: "Owners of a group (users or service principals).",
      path: "/groups/{groupId}/owners",
      permissions: both(["GroupMember.Read.All", "Group.Read.All", "Directory.Read.All"]),
      presets: ["analyst"],
    },
    { groupId },
  ),
  relation(
    {
      name: "list_group_transitive_members",
      title: "Group members, nested",
      description: "Every member of a group, including members of nested groups.",
      path: "/groups/{groupId}/transitiveMembers",
      permissions: both([
        "GroupMember.ReadBasic.All",
        "Group.ReadBasic.All",
        "GroupMember.Read.All",
        "Directory.Read.All",
      ]),
      presets: ["analyst"],
    },
    { groupId },
  ),
];

/** Preset "admin": apps and their consent, roles, audit, Conditional Access, devices, licences. */
export const adminOperations: OperationDescription[] = [
  {
    name: "list_service_principals",
    title: "List service principals",
    description:
      "Enterprise apps and managed identities (service principals). Filter e.g. appId eq '<guid>'.",
    method: "GET",
    path: "/servicePrincipals",
    input: { search, filter, select, top },
    query: directoryQuery,
    headers: advancedHeaders,
    access: "read",
    permissions: both(["Application.Read.All", "Directory.Read.All"]),
    paging: true,
    presets: ["admin"],
  },
  {
    name: "get_service_principal",
    title: "Get service principal",
    description: "One service principal by object ID.",
    method: "GET",
    path: "/servicePrincipals/{servicePrincipalId}",
    input: { servicePrincipalId, select },
    query: (args) => ({ $select: text(args.select) }),
    access: "read",
    permissions: both(["Application.Read.All", "Directory.Read.All"]),
    presets: ["admin"],
  },
  relation(
    {
      name: "list_app_role_assigned_to",
      title: "App role grants on an API",
      description:
        "Who holds this service principal's app roles (appRoleAssignedTo): app permissions granted.",
      path: "/servicePrincipals/{servicePrincipalId}/appRoleAssignedTo",
      permissions: both(["Application.Read.All", "Directory.Read.All"]),
      presets: ["admin"],
    },
    { servicePrincipalId },
  ),
  relation(
    {
      name: "list_sp_permission_grants",
      title: "Delegated grants of an app",
      description: "Delegated permissions consented to this client (oauth2PermissionGrants).",
      path: "/servicePrincipals/{servicePrincipalId}/oauth2PermissionGrants",
      permissions: both(["Directory.Read.All", "DelegatedPermissionGrant.ReadWrite.All"]),
      presets: ["admin"],
    },
    { servicePrincipalId },
  ),
  {
    name: "list_directory_audits",
    title: "Directory audit log",
    description:
      "Entra audit log, newest first. Filter e.g. activityDateTime ge 2025-01-01 or category eq 'UserManagement'.",
    method: "GET",
    path: "/auditLogs/directoryAudits",
    input: { filter, top },
    query: filterTop,
    access: "read",
    permissions: both(["AuditLog.Read.All", "Directory.Read.All"]),
    paging: true,
    presets: ["admin"],
  },
  {
    name: "list_directory_roles",
    title: "Directory roles",
    description:
      "Activated Entra directory roles (Global Administrator, ...). Members: request /directoryRoles/{id}/members.",
    method: "GET",
    path: "/directoryRoles",
    input: { select },
    query: (args) => ({ $select: text(args.select) }),
    access: "read",
    permissions: both(["RoleManagement.Read.Directory", "Directory.Read.All"]),
    presets: ["admin"],
  },
  {
    name: "list_role_assignments",
    title: "Role assignments",
    description:
      "Entra role assignments. Filter e.g. principalId eq '<id>'. roleDefinitionId is a role's roleTemplateId (list_directory_roles).",
    method: "GET",
    path: "/roleManagement/directory/roleAssignments",
    input: { filter, top },
    query: filterTop,
    access: "read",
    permissions: both(["RoleManagement.Read.Directory", "Directory.Read.All"]),
    paging: true,
    presets: ["admin"],
  },
  {
    name: "list_conditional_access_policies",
    title: "Conditional Access policies",
    description: "Conditional Access policies with their conditions, grant controls and state.",
    method: "GET",
    path: "/identity/conditionalAccess/policies",
    input: { filter, top },
    query: filterTop,
    access: "read",
    permissions: both(["Policy.Read.All"]),
    paging: true,
    presets: ["admin"],
  },
  {
    name: "list_devices",
    title: "List devices",
    description:
      "Devices in the directory. Filter e.g. operatingSystem eq 'Windows' or isCompliant eq false.",
    method: "GET",
    path: "/devices",
    input: { search, filter, select, top },
    query: directoryQuery,
    headers: advancedHeaders,
    access: "read",
    permissions: both(["Device.Read.All", "Directory.Read.All"]),
    paging: true,
    presets: ["admin"],
  },
  {
    name: "get_organization",
    title: "Organization",
    description: "The tenant: name, verified domains, country.",
    method: "GET",
    path: "/organization",
    input: { select },
    query: (args) => ({ $select: text(args.select) }),
    access: "read",
    permissions: {
      app: ["Organization.Read.All", "Directory.Read.All"],
      delegated: ["User.Read", "Organization.Read.All", "Directory.Read.All"],
    },
    presets: ["admin"],
  },
  {
    name: "list_subscribed_skus",
    title: "Licences (SKUs)",
    description: "Licences the tenant has bought: units prepaid and consumed, service plans.",
    method: "GET",
    path: "/subscribedSkus",
    input: {},
    access: "read",
    permissions: both(["LicenseAssignment.Read.All", "Organization.Read.All", "Directory.Read.All"]),
    presets: ["admin"],
  },
  {
    name: "list_auth_method_registrations",
    title: "MFA registration report",
    description:
      "Per user: MFA/SSPR registration and methods. Filter e.g. isMfaRegistered eq false. Needs Entra ID P1/P2.",
    method: "GET",
    path: "/reports/authenticationMethods/userRegistrationDetails",
    input: { filter, top },
    query: filterTop,
    access: "read",
    permissions: both(["AuditLog.Read.All"]),
    paging: true,
    presets: ["admin"],
  },
];
