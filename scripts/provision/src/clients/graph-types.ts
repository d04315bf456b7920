/** The Microsoft Graph v1.0 shapes provisioning reads and writes (only the fields it uses). */

export interface GraphKeyCredential {
  keyId: string;
  type?: string;
  usage?: string;
  displayName?: string | null;
  startDateTime?: string;
  endDateTime?: string;
  /** For certificates, the SHA-1 thumbprint (base64 of its bytes). */
  customKeyIdentifier?: string | null;
  /** Base64 DER of the certificate; only returned with `$select=keyCredentials`. */
  key?: string | null;
}

export interface GraphPasswordCredential {
  keyId: string;
  displayName?: string | null;
  hint?: string | null;
  startDateTime?: string;
  endDateTime?: string;
}

export interface ResourceAccess {
  id: string;
  type: "Role" | "Scope";
}

export interface RequiredResourceAccess {
  resourceAppId: string;
  resourceAccess: ResourceAccess[];
}

export interface GraphApplication {
  id: string;
  appId: string;
  displayName: string;
  uniqueName?: string | null;
  signInAudience?: string;
  requiredResourceAccess?: RequiredResourceAccess[];
  publicClient?: { redirectUris?: string[] } | null;
  isFallbackPublicClient?: boolean | null;
  keyCredentials?: GraphKeyCredential[];
  passwordCredentials?: GraphPasswordCredential[];
  /** "Expose an API": the App ID URIs (hosted mode: api://<client-id>). */
  identifierUris?: string[];
  api?: GraphApiApplication | null;
  appRoles?: GraphAppRole[];
}

/** An API's delegated permission (Expose an API → scopes). */
export interface GraphPermissionScope {
  id: string;
  value: string;
  type: "User" | "Admin";
  isEnabled: boolean;
  adminConsentDisplayName?: string | null;
  adminConsentDescription?: string | null;
  userConsentDisplayName?: string | null;
  userConsentDescription?: string | null;
}

export interface GraphAppRole {
  id: string;
  value: string;
  allowedMemberTypes: ("User" | "Application")[];
  displayName?: string | null;
  description?: string | null;
  isEnabled: boolean;
}

export interface GraphPreAuthorizedApplication {
  appId: string;
  delegatedPermissionIds: string[];
}

/** application.api (apiApplication). */
export interface GraphApiApplication {
  requestedAccessTokenVersion?: number | null;
  oauth2PermissionScopes?: GraphPermissionScope[];
  preAuthorizedApplications?: GraphPreAuthorizedApplication[];
}

export interface GraphPermission {
  id: string;
  value: string | null;
  isEnabled?: boolean;
}

export interface GraphServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
  appRoles?: GraphPermission[];
  oauth2PermissionScopes?: GraphPermission[];
}

export interface AppRoleAssignment {
  id: string;
  appRoleId: string;
  principalId: string;
  resourceId: string;
  principalType?: string;
}

export interface OAuth2PermissionGrant {
  id: string;
  clientId: string;
  consentType: "AllPrincipals" | "Principal";
  principalId?: string | null;
  resourceId: string;
  /** Space-separated scope names. */
  scope: string;
}

export interface GraphUser {
  id: string;
  userPrincipalName: string;
  displayName?: string | null;
}
