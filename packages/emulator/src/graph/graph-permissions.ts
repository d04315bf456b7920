import type { GraphPermissionRule } from "./graph-auth.js";

// Permission tables from the Graph v1.0 API reference, least to most privileged.

// User.ReadBasic.All is an application role too (since 2024): it reads the basic profile only.
export const READ_USERS: GraphPermissionRule = {
  roles: ["User.ReadBasic.All", "User.Read.All", "User.ReadWrite.All", "Directory.Read.All"],
  scopes: ["User.ReadBasic.All", "User.Read.All", "User.ReadWrite.All", "Directory.Read.All"],
};

// Any app token passes the permission check so that /me can answer its own 400 for app-only calls.
export const READ_ME: GraphPermissionRule = {
  roles: ["*"],
  scopes: ["User.Read", "User.ReadWrite", "User.ReadBasic.All", "User.Read.All"],
};

// As the permissions reference lists for GET /organization (User.Read.All reads it too).
export const READ_ORGANIZATION: GraphPermissionRule = {
  roles: [
    "Organization.Read.All",
    "Directory.Read.All",
    "User.Read.All",
    "Organization.ReadWrite.All",
    "Directory.ReadWrite.All",
  ],
  scopes: [
    "User.Read",
    "Organization.Read.All",
    "Directory.Read.All",
    "User.Read.All",
    "Organization.ReadWrite.All",
    "Directory.ReadWrite.All",
  ],
};

export const READ_GROUPS: GraphPermissionRule = {
  roles: ["GroupMember.Read.All", "Group.Read.All", "Group.ReadWrite.All", "Directory.Read.All"],
  scopes: ["GroupMember.Read.All", "Group.Read.All", "Group.ReadWrite.All", "Directory.Read.All"],
};

export const READ_APPLICATIONS: GraphPermissionRule = {
  roles: ["Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All"],
  scopes: ["Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All"],
};

// The reference lists AuditLog.Read.All (with Directory.Read.All); the emulator requires the former.
export const READ_SIGN_INS: GraphPermissionRule = {
  roles: ["AuditLog.Read.All"],
  scopes: ["AuditLog.Read.All"],
};

// /me/messages and /me/sendMail: app tokens get through so the route can answer the /me 400.
export const READ_MY_MAIL: GraphPermissionRule = {
  roles: ["*"],
  scopes: ["Mail.ReadBasic", "Mail.Read", "Mail.ReadWrite"],
};

export const SEND_MY_MAIL: GraphPermissionRule = {
  roles: ["*"],
  scopes: ["Mail.Send"],
};

// Application management (application, servicePrincipal, appRoleAssignment and
// oauth2PermissionGrant references). Application.ReadWrite.OwnedBy is not honoured: the
// emulator does not model app ownership.

export const WRITE_APPLICATIONS: GraphPermissionRule = {
  roles: ["Application.ReadWrite.All"],
  scopes: ["Application.ReadWrite.All"],
};

export const READ_SERVICE_PRINCIPALS: GraphPermissionRule = {
  roles: [
    "Application.Read.All",
    "Application.ReadWrite.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
  ],
  scopes: [
    "Application.Read.All",
    "Application.ReadWrite.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
  ],
};

export const CREATE_SERVICE_PRINCIPALS: GraphPermissionRule = {
  roles: ["Application.ReadWrite.All", "Directory.ReadWrite.All"],
  scopes: ["Application.ReadWrite.All", "Directory.ReadWrite.All"],
};

export const READ_APP_ROLE_ASSIGNMENTS: GraphPermissionRule = {
  roles: [...READ_SERVICE_PRINCIPALS.roles, "AppRoleAssignment.ReadWrite.All"],
  scopes: [...READ_SERVICE_PRINCIPALS.scopes, "AppRoleAssignment.ReadWrite.All"],
};

export const WRITE_APP_ROLE_ASSIGNMENTS: GraphPermissionRule = {
  roles: ["AppRoleAssignment.ReadWrite.All"],
  scopes: ["AppRoleAssignment.ReadWrite.All"],
  requiresAlso: READ_SERVICE_PRINCIPALS,
};

export const READ_GRANTS: GraphPermissionRule = {
  roles: ["DelegatedPermissionGrant.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
  scopes: ["DelegatedPermissionGrant.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
};

export const WRITE_GRANTS: GraphPermissionRule = {
  roles: ["DelegatedPermissionGrant.ReadWrite.All", "Directory.ReadWrite.All"],
  scopes: ["DelegatedPermissionGrant.ReadWrite.All", "Directory.ReadWrite.All"],
};
