import type {
  ApplicationApi,
  AppRegistration,
  AppRoleDefinition,
  PermissionScopeDefinition,
  PreAuthorizedApplication,
} from "../directory/directory-types.js";
// A cycle with graph-application-patch.ts, harmless: the class is only used when a function runs.
import { ApplicationPatchError } from "./graph-application-patch.js";

/** The "Expose an API" and "App roles" part of an application PATCH/POST. */
export interface ApiPatch {
  identifierUris?: string[];
  /** Sub-properties given replace the app's; the others stay (Graph merges complex values). */
  api?: Partial<ApplicationApi>;
  appRoles?: AppRoleDefinition[];
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const URI_SCHEMES = new Set(["api:", "https:", "http:", "urn:", "ms-appx:"]);
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const invalid = (property: string, resource = "Application") =>
  new ApplicationPatchError(
    "Request_BadRequest",
    `Invalid value specified for property '${property}' of resource '${resource}'.`,
  );

/**
 * Validates identifierUris, api and appRoles as Graph does: absolute URIs unique in the tenant,
 * GUID ids, User/Admin scope types, pre-authorized ids that name the app's own scopes, and
 * the rule that an enabled scope or role must be disabled before it is removed or changed.
 */
export function parseApiPatch(
  body: Record<string, unknown>,
  existing: AppRegistration | undefined,
  identifierUriInUse: (uri: string) => boolean,
): ApiPatch {
  const patch: ApiPatch = {};
  if (body.identifierUris !== undefined)
    patch.identifierUris = identifierUris(body.identifierUris, identifierUriInUse);
  if (body.appRoles !== undefined) {
    patch.appRoles = appRoles(body.appRoles);
    requireDisabledBeforeChange(existing?.appRoles ?? [], patch.appRoles);
  }
  if (body.api !== undefined && body.api !== null) {
    if (!isObject(body.api)) throw invalid("api");
    const api: Partial<ApplicationApi> = {};
    const version = body.api.requestedAccessTokenVersion;
    if (version !== undefined) {
      if (version !== null && version !== 1 && version !== 2)
        throw invalid("requestedAccessTokenVersion", "ApiApplication");
      api.requestedAccessTokenVersion = version;
    }
    if (body.api.oauth2PermissionScopes !== undefined) {
      api.oauth2PermissionScopes = permissionScopes(body.api.oauth2PermissionScopes);
      requireDisabledBeforeChange(existing?.api.oauth2PermissionScopes ?? [], api.oauth2PermissionScopes);
    }
    if (body.api.preAuthorizedApplications !== undefined) {
      const scopes = api.oauth2PermissionScopes ?? existing?.api.oauth2PermissionScopes ?? [];
      api.preAuthorizedApplications = preAuthorized(body.api.preAuthorizedApplications, scopes);
    }
    patch.api = api;
  }
  return patch;
}

export function applyApiPatch(app: AppRegistration, patch: ApiPatch): void {
  if (patch.identifierUris !== undefined) app.identifierUris = patch.identifierUris;
  if (patch.appRoles !== undefined) app.appRoles = patch.appRoles;
  if (patch.api !== undefined) app.api = { ...app.api, ...patch.api };
}

function identifierUris(value: unknown, inUse: (uri: string) => boolean): string[] {
  if (!Array.isArray(value)) throw invalid("identifierUris");
  const uris = value.map((uri) => {
    if (typeof uri !== "string" || !URL.canParse(uri) || !URI_SCHEMES.has(new URL(uri).protocol))
      throw invalid("identifierUris");
    // Stored without a trailing slash: scopes name the resource as "<uri>/<scope>".
    return uri.replace(/\/+$/, "");
  });
  for (const uri of uris) {
    if (inUse(uri))
      throw new ApplicationPatchError(
        "Request_BadRequest",
        "Another object with the same value for property identifierUris already exists.",
      );
  }
  return [...new Set(uris)];
}

function appRoles(value: unknown): AppRoleDefinition[] {
  if (!Array.isArray(value)) throw invalid("appRoles");
  const roles = value.map((r): AppRoleDefinition => {
    if (!isObject(r) || typeof r.id !== "string" || !GUID.test(r.id)) throw invalid("id", "AppRole");
    const members = r.allowedMemberTypes;
    if (
      !Array.isArray(members) ||
      members.length === 0 ||
      members.some((m) => m !== "User" && m !== "Application")
    )
      throw invalid("allowedMemberTypes", "AppRole");
    if (typeof r.value !== "string" || r.value === "" || /\s/.test(r.value))
      throw invalid("value", "AppRole");
    return {
      id: r.id.toLowerCase(),
      value: r.value,
      displayName: typeof r.displayName === "string" ? r.displayName : r.value,
      description: typeof r.description === "string" ? r.description : "",
      allowedMemberTypes: [...new Set(members as ("User" | "Application")[])],
      isEnabled: r.isEnabled !== false,
    };
  });
  requireUnique(roles, "appRoles");
  return roles;
}

function permissionScopes(value: unknown): PermissionScopeDefinition[] {
  if (!Array.isArray(value)) throw invalid("oauth2PermissionScopes", "ApiApplication");
  const scopes = value.map((s): PermissionScopeDefinition => {
    if (!isObject(s) || typeof s.id !== "string" || !GUID.test(s.id)) throw invalid("id", "PermissionScope");
    if (s.type !== "User" && s.type !== "Admin") throw invalid("type", "PermissionScope");
    if (typeof s.value !== "string" || s.value === "" || /\s/.test(s.value))
      throw invalid("value", "PermissionScope");
    return {
      id: s.id.toLowerCase(),
      value: s.value,
      type: s.type,
      adminConsentDisplayName:
        typeof s.adminConsentDisplayName === "string" ? s.adminConsentDisplayName : s.value,
      adminConsentDescription: typeof s.adminConsentDescription === "string" ? s.adminConsentDescription : "",
      isEnabled: s.isEnabled !== false,
    };
  });
  requireUnique(scopes, "oauth2PermissionScopes");
  return scopes;
}

function preAuthorized(value: unknown, scopes: PermissionScopeDefinition[]): PreAuthorizedApplication[] {
  if (!Array.isArray(value)) throw invalid("preAuthorizedApplications", "ApiApplication");
  return value.map((p) => {
    if (!isObject(p) || typeof p.appId !== "string" || !GUID.test(p.appId))
      throw invalid("appId", "PreAuthorizedApplication");
    const ids = p.delegatedPermissionIds;
    if (
      !Array.isArray(ids) ||
      ids.some((id) => typeof id !== "string" || !scopes.some((s) => s.id === id.toLowerCase()))
    )
      throw new ApplicationPatchError(
        "Request_BadRequest",
        "Property 'delegatedPermissionIds' of a preAuthorizedApplication must name oauth2PermissionScopes this application defines.",
      );
    return {
      appId: p.appId.toLowerCase(),
      delegatedPermissionIds: (ids as string[]).map((id) => id.toLowerCase()),
    };
  });
}

function requireUnique(items: { id: string; value: string }[], property: string): void {
  const ids = new Set(items.map((i) => i.id));
  const values = new Set(items.map((i) => i.value));
  if (ids.size !== items.length || values.size !== items.length)
    throw new ApplicationPatchError("Request_BadRequest", `Values and ids in '${property}' must be unique.`);
}

/** Graph refuses to drop or change an enabled scope or role: it must be PATCHed with isEnabled false first. */
function requireDisabledBeforeChange(
  before: { id: string; value: string; isEnabled: boolean }[],
  after: { id: string; value: string }[],
): void {
  for (const old of before) {
    if (!old.isEnabled) continue;
    const next = after.find((a) => a.id === old.id);
    if (!next || next.value !== old.value)
      throw new ApplicationPatchError(
        "CannotDeleteOrUpdateEnabledEntitlement",
        "Permission (scope or role) cannot be deleted or updated unless disabled first.",
      );
  }
}
