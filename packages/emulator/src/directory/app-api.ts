import { nameBasedGuid } from "../ids.js";
import type {
  ApplicationApi,
  AppRegistration,
  AppRoleDefinition,
  PermissionScopeDefinition,
} from "./directory-types.js";

/** A delegated scope to expose, by value; the rest defaults like the portal's "Add a scope". */
export interface ExposedScopeInput {
  value: string;
  id?: string;
  /** "User" (users may consent) unless said otherwise. */
  type?: "User" | "Admin";
  adminConsentDisplayName?: string;
  adminConsentDescription?: string;
}

/** An app role to define, by value. */
export interface AppRoleInput {
  value: string;
  id?: string;
  /** ["Application"] (granted to apps, app-only tokens carry it) unless said otherwise. */
  allowedMemberTypes?: ("Application" | "User")[];
  displayName?: string;
  description?: string;
}

/** What "Expose an API" (plus App roles) sets on an app registration. */
export interface ExposeApiInput {
  /** Default ["api://<appId>"], the portal's suggestion. */
  identifierUris?: string[];
  scopes?: ExposedScopeInput[];
  appRoles?: AppRoleInput[];
  /** Clients trusted for some scopes (by value) without consent. */
  preAuthorizedApplications?: { appId: string; scopes: string[] }[];
  /** 2 for v2.0 access tokens (aud = app id); null/1 for v1.0. Default 2, what new APIs use. */
  requestedAccessTokenVersion?: 1 | 2 | null;
}

/** An app registration's API before anything is exposed. */
export function emptyApi(): ApplicationApi {
  return { requestedAccessTokenVersion: null, oauth2PermissionScopes: [], preAuthorizedApplications: [] };
}

const stableId = (appId: string, kind: string, value: string) =>
  nameBasedGuid("entra-mcp-emulator-app-api", appId, kind, value);

/**
 * Builds the API definition and checks it the way Graph's PATCH /applications does: identifier
 * URIs must be absolute and unique in the tenant, values unique, pre-authorized scopes defined.
 */
export function exposeApiOn(
  app: AppRegistration,
  input: ExposeApiInput,
  others: { identifierUriInUse: (uri: string) => boolean },
): void {
  const identifierUris = (input.identifierUris ?? [`api://${app.clientId}`]).map((u) =>
    u.replace(/\/+$/, ""),
  );
  for (const uri of identifierUris) {
    if (!URL.canParse(uri)) throw new Error(`directory: identifier URI '${uri}' is not an absolute URI.`);
    if (others.identifierUriInUse(uri))
      throw new Error(
        `directory: another object with the same value for property identifierUris already exists ('${uri}').`,
      );
  }
  const scopes: PermissionScopeDefinition[] = (input.scopes ?? []).map((s) => ({
    id: s.id ?? stableId(app.clientId, "Scope", s.value),
    value: s.value,
    type: s.type ?? "User",
    adminConsentDisplayName: s.adminConsentDisplayName ?? s.value,
    adminConsentDescription:
      s.adminConsentDescription ?? `Allows the app to call ${app.displayName} as the user.`,
    isEnabled: true,
  }));
  const roles: AppRoleDefinition[] = (input.appRoles ?? []).map((r) => ({
    id: r.id ?? stableId(app.clientId, "Role", r.value),
    value: r.value,
    displayName: r.displayName ?? r.value,
    description: r.description ?? `Allows the app to use ${app.displayName} as ${r.value}.`,
    allowedMemberTypes: r.allowedMemberTypes ?? ["Application"],
    isEnabled: true,
  }));
  requireUniqueValues(
    scopes.map((s) => s.value),
    "oauth2PermissionScopes",
  );
  requireUniqueValues(
    roles.map((r) => r.value),
    "appRoles",
  );
  const preAuthorizedApplications = (input.preAuthorizedApplications ?? []).map((p) => ({
    appId: p.appId.toLowerCase(),
    delegatedPermissionIds: p.scopes.map((value) => {
      const scope = scopes.find((s) => s.value === value);
      if (!scope)
        throw new Error(`directory: ${app.displayName} exposes no scope '${value}' to pre-authorize.`);
      return scope.id;
    }),
  }));
  app.identifierUris = identifierUris;
  app.appRoles = roles;
  app.api = {
    requestedAccessTokenVersion:
      input.requestedAccessTokenVersion === undefined ? 2 : input.requestedAccessTokenVersion,
    oauth2PermissionScopes: scopes,
    preAuthorizedApplications,
  };
}

/** The scope values `clientAppId` is pre-authorized for on `app`'s API (none when not pre-authorized). */
export function preAuthorizedScopes(app: AppRegistration, clientAppId: string): string[] {
  const entry = app.api.preAuthorizedApplications.find((p) => p.appId === clientAppId.toLowerCase());
  if (!entry) return [];
  return app.api.oauth2PermissionScopes
    .filter((s) => entry.delegatedPermissionIds.includes(s.id))
    .map((s) => s.value);
}

function requireUniqueValues(values: string[], property: string): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value))
      throw new Error(`directory: ${property} has '${value}' twice; values must be unique.`);
    seen.add(value);
  }
}
