import { nameBasedGuid } from "../ids.js";
import type { AppRoleDefinition, PermissionScopeDefinition } from "./directory-types.js";

/**
 * Builders for the permissions a resource service principal defines. Ids are the real ones
 * where they are public (Microsoft's permission references, admin-consent URLs in the wild);
 * otherwise a stable GUID derived from the resource and the name, so they never change
 * between runs and a manifest resolved once keeps resolving.
 */

const generatedId = (resourceAppId: string, kind: string, value: string) =>
  nameBasedGuid("entra-mcp-emulator-permission", resourceAppId, kind, value);

/** An application permission; `id` the real one when known. */
export function appRole(resourceAppId: string, value: string, id?: string): AppRoleDefinition {
  return {
    id: id ?? generatedId(resourceAppId, "Role", value),
    value,
    displayName: value,
    description: `Allows the app to use ${value} without a signed-in user.`,
    allowedMemberTypes: ["Application"],
    isEnabled: true,
  };
}

// Delegated permissions an ordinary user may consent to; everything else needs an administrator.
const USER_CONSENTABLE = new Set([
  "openid",
  "profile",
  "email",
  "offline_access",
  "User.Read",
  "User.ReadBasic.All",
  "Mail.Read",
  "Mail.ReadBasic",
  "Mail.ReadWrite",
  "Mail.Send",
  "Calendars.Read",
  "Files.Read",
  "user_impersonation",
  "User",
]);

/** A delegated permission; `id` the real one when known. */
export function permissionScope(
  resourceAppId: string,
  value: string,
  id?: string,
): PermissionScopeDefinition {
  return {
    id: id ?? generatedId(resourceAppId, "Scope", value),
    value,
    type: USER_CONSENTABLE.has(value) ? "User" : "Admin",
    adminConsentDisplayName: value,
    adminConsentDescription: `Allows the app to use ${value} on behalf of the signed-in user.`,
    isEnabled: true,
  };
}

/** [value, real id?] pairs → definitions. */
export const appRoles = (appId: string, entries: [string, string?][]) =>
  entries.map(([value, id]) => appRole(appId, value, id));

export const permissionScopes = (appId: string, entries: [string, string?][]) =>
  entries.map(([value, id]) => permissionScope(appId, value, id));
