import type { KeyObject } from "node:crypto";

/** The emulated tenant. */
export interface TenantInfo {
  tenantId: string;
  displayName: string;
  /** Verified domain users sign in with, e.g. contoso.test. */
  defaultDomain: string;
}

/** A certificate registered on an app (the public part only, as in Entra). */
export interface KeyCredential {
  keyId: string;
  displayName: string;
  /** Uppercase hex. */
  thumbprintSha1Hex: string;
  thumbprintSha256Hex: string;
  /** The certificate DER, base64: Graph's `key`, returned only when keyCredentials is $selected. */
  certificateDerBase64: string;
  publicKey: KeyObject;
  startDateTime: Date;
  endDateTime: Date;
}

/** A client secret. The emulator keeps the value so it can compare; Entra keeps a hash. */
export interface PasswordCredential {
  keyId: string;
  displayName: string;
  secret: string;
  /** First three characters, like Entra's `hint`. */
  hint: string;
  startDateTime: Date;
  endDateTime: Date;
}

/** One permission an app asks for (its manifest's requiredResourceAccess), by id as Graph stores it. */
export interface ResourceAccess {
  type: "Role" | "Scope";
  /** The app role or scope id defined on the resource's service principal. */
  id: string;
}

export interface RequiredResourceAccess {
  resourceAppId: string;
  resourceAccess: ResourceAccess[];
}

/** An application object (app registration). */
export interface AppRegistration {
  /** The appId, what clients send as client_id. */
  clientId: string;
  objectId: string;
  displayName: string;
  /** Client-provided alternate key (PATCH /applications(uniqueName='x')); immutable once set. */
  uniqueName?: string;
  /** "AzureADMyOrg" (single tenant) unless set otherwise. */
  signInAudience: string;
  createdDateTime: Date;
  keyCredentials: KeyCredential[];
  passwordCredentials: PasswordCredential[];
  requiredResourceAccess: RequiredResourceAccess[];
  /** "Mobile and desktop applications" redirect URIs (publicClient.redirectUris). */
  publicClientRedirectUris: string[];
  /** "Allow public client flows" (device code needs it). */
  isFallbackPublicClient: boolean;
  /** Application ID URIs ("Expose an API"), e.g. api://<appId>; the service principal publishes them too. */
  identifierUris: string[];
  /** The API the app exposes: its delegated scopes, pre-authorized clients and token version. */
  api: ApplicationApi;
  /** App roles the app defines (its service principal mirrors them). */
  appRoles: AppRoleDefinition[];
}

/** application.api as Graph stores it. */
export interface ApplicationApi {
  /**
   * Access token version the API accepts (Graph's api.requestedAccessTokenVersion; the
   * manifest's accessTokenAcceptedVersion). null or 1: v1.0 tokens; 2: v2.0 tokens whose aud
   * is the app id and iss https://<authority>/<tenant>/v2.0.
   */
  requestedAccessTokenVersion: 1 | 2 | null;
  oauth2PermissionScopes: PermissionScopeDefinition[];
  /** Clients that may get tokens for these scopes without anyone consenting. */
  preAuthorizedApplications: PreAuthorizedApplication[];
}

/** api.preAuthorizedApplications[]: a client trusted for some of the API's scopes. */
export interface PreAuthorizedApplication {
  appId: string;
  /** Ids of the api.oauth2PermissionScopes the client is pre-authorized for. */
  delegatedPermissionIds: string[];
}

/** A service principal: an app's identity in this tenant, or a resource API. */
export interface ServicePrincipal {
  /** The principal's object id; app-only tokens carry it as `oid`. */
  objectId: string;
  appId: string;
  displayName: string;
  /** Audiences tokens for this resource may carry (no trailing slash); the first is the primary one. */
  identifierUris: string[];
  /** Audiences matched by pattern, e.g. per-environment Dataverse URLs. */
  identifierUriPatterns: RegExp[];
  /** Application permissions (app roles) the resource defines. */
  appRoles: AppRoleDefinition[];
  /** Delegated permissions the resource defines. */
  oauth2PermissionScopes: PermissionScopeDefinition[];
  /** False for resources anyone may get a token for without consent (Key Vault). */
  requiresConsent: boolean;
}

/** An application permission a resource defines (servicePrincipal.appRoles[]). */
export interface AppRoleDefinition {
  id: string;
  /** What tokens carry in `roles`, e.g. "User.Read.All". */
  value: string;
  displayName: string;
  description: string;
  allowedMemberTypes: ("Application" | "User")[];
  isEnabled: boolean;
}

/** A delegated permission a resource defines (servicePrincipal.oauth2PermissionScopes[]). */
export interface PermissionScopeDefinition {
  id: string;
  /** What tokens carry in `scp`, e.g. "User.Read". */
  value: string;
  /** "Admin" when only an administrator may consent. */
  type: "User" | "Admin";
  adminConsentDisplayName: string;
  adminConsentDescription: string;
  isEnabled: boolean;
}

export interface DirectoryUser {
  oid: string;
  /** userPrincipalName, also the sign-in name. */
  upn: string;
  displayName: string;
  givenName?: string;
  surname?: string;
  jobTitle?: string;
  mail?: string;
  department?: string;
  officeLocation?: string;
  city?: string;
  country?: string;
  mobilePhone?: string;
  /** Default true. */
  accountEnabled?: boolean;
  /** ISO timestamp; the emulator fills it when the user is added. */
  createdDateTime?: string;
  /** The sign-in password, for scripted sign-in (ROPC); users without one cannot use it. */
  password?: string;
}

/** An application permission granted (admin-consented) to a client's service principal. */
export interface AppRoleAssignment {
  /** Graph's key for the assignment (43 base64url characters, not a GUID). */
  id: string;
  /** Client service principal object id. */
  principalId: string;
  /** Resource service principal object id. */
  resourceId: string;
  appRoleId: string;
  /** The role's value, what app-only tokens carry in `roles`. */
  appRole: string;
  createdDateTime: Date;
}

/** A delegated permission grant (oauth2PermissionGrant). */
export interface DelegatedPermissionGrant {
  /** Graph's key for the grant (43 base64url characters, not a GUID). */
  id: string;
  /** Client service principal object id. */
  clientId: string;
  /** Resource service principal object id. */
  resourceId: string;
  consentType: "AllPrincipals" | "Principal";
  /** The user, for consentType "Principal". */
  principalId?: string;
  scopes: string[];
}
