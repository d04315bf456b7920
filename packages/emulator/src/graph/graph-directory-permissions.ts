import type { EmulatorAccessTokenClaims } from "../entra/access-token-verifier.js";
import { hasAnyScope, isAppToken, rolesOf } from "../http/bearer-auth.js";
import type { GraphPermissionRule } from "./graph-auth.js";

// Who may read what in the directory, per path, from Microsoft's permissions reference
// (shared/specs/graph-permissions.json pathSets). Each list names the permissions that allow
// the GET, app roles and delegated scopes apart, because the two differ for several paths.

const rule = (roles: string[], scopes: string[] = roles): GraphPermissionRule => ({ roles, scopes });

/** GET /users/{id}/memberOf: the spec lists no GroupMember.Read.All app role here, only the ReadBasic ones. */
export const READ_MEMBER_OF = rule(
  ["Directory.Read.All", "Group.ReadBasic.All", "GroupMember.ReadBasic.All", "Directory.ReadWrite.All"],
  [
    "User.Read",
    "Group.ReadBasic.All",
    "GroupMember.ReadBasic.All",
    "GroupMember.Read.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
  ],
);

export const READ_TRANSITIVE_MEMBER_OF = rule(
  [
    "User.Read.All",
    "Group.ReadBasic.All",
    "GroupMember.ReadBasic.All",
    "GroupMember.Read.All",
    "Group.Read.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
  ],
  [
    "User.Read",
    "Group.ReadBasic.All",
    "GroupMember.ReadBasic.All",
    "GroupMember.Read.All",
    "Group.Read.All",
    "User.Read.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
  ],
);

/** manager and directReports: the full profile's relationships, not in the basic profile. */
export const READ_ORG_CHART = rule(
  ["User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
  ["User.Read", "User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
);

/** /groups and /groups/{id}. */
export const READ_GROUP_LIST = rule([
  "Group.ReadBasic.All",
  "GroupMember.Read.All",
  "Group.Read.All",
  "Group.ReadWrite.All",
  "Directory.Read.All",
  "Directory.ReadWrite.All",
]);

/** /groups/{id}/members and /transitiveMembers. */
export const READ_GROUP_MEMBERS = rule([
  "GroupMember.ReadBasic.All",
  "Group.ReadBasic.All",
  "GroupMember.Read.All",
  "Group.Read.All",
  "GroupMember.ReadWrite.All",
  "Group.ReadWrite.All",
  "Directory.Read.All",
]);

/** /groups/{id}/owners: no ReadBasic permission reads owners. */
export const READ_GROUP_OWNERS = rule([
  "GroupMember.Read.All",
  "Group.Read.All",
  "GroupMember.ReadWrite.All",
  "Group.ReadWrite.All",
  "Directory.Read.All",
]);

export const READ_DEVICES = rule(
  ["Device.Read.All", "Device.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
  ["Device.Read.All", "Directory.Read.All", "Directory.ReadWrite.All"],
);

/** directoryRoles and roleManagement/directory (Directory.Read.All too, as the reference lists). */
export const READ_DIRECTORY_ROLES = rule(
  [
    "RoleManagement.Read.Directory",
    "RoleManagement.Read.All",
    "RoleManagement.ReadWrite.Directory",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
  ],
  [
    "RoleManagement.Read.Directory",
    "RoleManagement.Read.All",
    "RoleManagement.ReadWrite.Directory",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
  ],
);

export const READ_DIRECTORY_AUDITS = rule(["AuditLog.Read.All", "Directory.Read.All"]);

/** identity/conditionalAccess/policies: Policy.Read.All only. */
export const READ_CONDITIONAL_ACCESS = rule(["Policy.Read.All"]);

export const READ_SUBSCRIBED_SKUS = rule(
  ["LicenseAssignment.Read.All", "Organization.Read.All", "Directory.Read.All", "Directory.ReadWrite.All"],
  [
    "LicenseAssignment.Read.All",
    "Organization.Read.All",
    "Organization.ReadWrite.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
  ],
);

/** reports/authenticationMethods/userRegistrationDetails: AuditLog.Read.All only. */
export const READ_REGISTRATION_REPORT = rule(["AuditLog.Read.All"]);

/** Permissions that read every user property; without one, a User.ReadBasic.All caller sees the basic profile. */
const FULL_USER_READ = [
  "User.Read.All",
  "User.ReadWrite.All",
  "Directory.Read.All",
  "Directory.ReadWrite.All",
];

/** True when the caller may read only the basic profile of other users (User.ReadBasic.All). */
export function basicProfileOnly(claims: EmulatorAccessTokenClaims): boolean {
  if (isAppToken(claims)) return !rolesOf(claims).some((r) => FULL_USER_READ.includes(r));
  return !hasAnyScope(claims, FULL_USER_READ);
}
