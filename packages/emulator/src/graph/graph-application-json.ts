import type {
  AppRegistration,
  AppRoleAssignment,
  AppRoleDefinition,
  DelegatedPermissionGrant,
  PermissionScopeDefinition,
  ServicePrincipal,
} from "../directory/directory-types.js";
import { RESOURCE_APP_IDS } from "../directory/resource-principals.js";

// Application-management shapes as Graph v1.0 serializes them.

/** Graph prints directory timestamps to the second: "2024-05-01T09:30:00Z". */
export const graphTime = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, "Z");

// The tenant id of Microsoft's own apps (appOwnerOrganizationId of first-party principals).
const MICROSOFT_TENANT = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";
const FIRST_PARTY = new Set<string>(Object.values(RESOURCE_APP_IDS));

/**
 * An application. Like Graph, `keyCredentials[].key` (the certificate) is null unless the
 * caller $selected keyCredentials explicitly.
 */
export function applicationJson(
  app: AppRegistration,
  opts: { withKeys: boolean; publisherDomain: string },
): Record<string, unknown> {
  return {
    id: app.objectId,
    deletedDateTime: null,
    appId: app.clientId,
    applicationTemplateId: null,
    createdDateTime: graphTime(app.createdDateTime),
    description: null,
    disabledByMicrosoftStatus: null,
    displayName: app.displayName,
    groupMembershipClaims: null,
    identifierUris: [...app.identifierUris],
    isDeviceOnlyAuthSupported: null,
    isFallbackPublicClient: app.isFallbackPublicClient,
    notes: null,
    publisherDomain: opts.publisherDomain,
    serviceManagementReference: null,
    signInAudience: app.signInAudience,
    tags: [],
    tokenEncryptionKeyId: null,
    uniqueName: app.uniqueName ?? null,
    api: {
      acceptMappedClaims: null,
      knownClientApplications: [],
      requestedAccessTokenVersion: app.api.requestedAccessTokenVersion,
      oauth2PermissionScopes: app.api.oauth2PermissionScopes.map(permissionScopeJson),
      preAuthorizedApplications: app.api.preAuthorizedApplications.map((p) => ({
        appId: p.appId,
        delegatedPermissionIds: [...p.delegatedPermissionIds],
      })),
    },
    appRoles: app.appRoles.map(appRoleJson),
    info: {
      logoUrl: null,
      marketingUrl: null,
      privacyStatementUrl: null,
      supportUrl: null,
      termsOfServiceUrl: null,
    },
    keyCredentials: app.keyCredentials.map((k) => ({
      customKeyIdentifier: Buffer.from(k.thumbprintSha1Hex, "hex").toString("base64"),
      displayName: k.displayName,
      endDateTime: graphTime(k.endDateTime),
      key: opts.withKeys ? k.certificateDerBase64 : null,
      keyId: k.keyId,
      startDateTime: graphTime(k.startDateTime),
      type: "AsymmetricX509Cert",
      usage: "Verify",
    })),
    passwordCredentials: app.passwordCredentials.map((p) => ({
      customKeyIdentifier: null,
      displayName: p.displayName,
      endDateTime: graphTime(p.endDateTime),
      hint: p.hint,
      keyId: p.keyId,
      secretText: null,
      startDateTime: graphTime(p.startDateTime),
    })),
    publicClient: { redirectUris: [...app.publicClientRedirectUris] },
    requiredResourceAccess: app.requiredResourceAccess.map((r) => ({
      resourceAppId: r.resourceAppId,
      resourceAccess: r.resourceAccess.map((a) => ({ id: a.id, type: a.type })),
    })),
    spa: { redirectUris: [] },
    web: {
      homePageUrl: null,
      logoutUrl: null,
      redirectUris: [],
      implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false },
    },
  };
}

export function servicePrincipalJson(sp: ServicePrincipal, tenantId: string): Record<string, unknown> {
  const firstParty = FIRST_PARTY.has(sp.appId);
  return {
    id: sp.objectId,
    deletedDateTime: null,
    accountEnabled: true,
    alternativeNames: [],
    appDisplayName: sp.displayName,
    appDescription: null,
    appId: sp.appId,
    applicationTemplateId: null,
    appOwnerOrganizationId: firstParty ? MICROSOFT_TENANT : tenantId,
    appRoleAssignmentRequired: false,
    description: null,
    disabledByMicrosoftStatus: null,
    displayName: sp.displayName,
    homepage: null,
    notes: null,
    notificationEmailAddresses: [],
    preferredSingleSignOnMode: null,
    replyUrls: [],
    servicePrincipalNames: [sp.appId, ...sp.identifierUris],
    servicePrincipalType: "Application",
    signInAudience: firstParty ? "AzureADMultipleOrgs" : "AzureADMyOrg",
    tags: [],
    appRoles: sp.appRoles.map(appRoleJson),
    keyCredentials: [],
    oauth2PermissionScopes: sp.oauth2PermissionScopes.map(permissionScopeJson),
    passwordCredentials: [],
  };
}

/** microsoft.graph.appRole, as applications and service principals list them. */
function appRoleJson(r: AppRoleDefinition): Record<string, unknown> {
  return {
    allowedMemberTypes: [...r.allowedMemberTypes],
    description: r.description,
    displayName: r.displayName,
    id: r.id,
    isEnabled: r.isEnabled,
    origin: "Application",
    value: r.value,
  };
}

/** microsoft.graph.permissionScope (api.oauth2PermissionScopes, servicePrincipal.oauth2PermissionScopes). */
function permissionScopeJson(s: PermissionScopeDefinition): Record<string, unknown> {
  return {
    adminConsentDescription: s.adminConsentDescription,
    adminConsentDisplayName: s.adminConsentDisplayName,
    id: s.id,
    isEnabled: s.isEnabled,
    type: s.type,
    userConsentDescription: s.type === "User" ? s.adminConsentDescription : null,
    userConsentDisplayName: s.type === "User" ? s.adminConsentDisplayName : null,
    value: s.value,
  };
}

export function appRoleAssignmentJson(
  a: AppRoleAssignment,
  principal: ServicePrincipal | undefined,
  resource: ServicePrincipal | undefined,
): Record<string, unknown> {
  return {
    id: a.id,
    deletedDateTime: null,
    appRoleId: a.appRoleId,
    createdDateTime: graphTime(a.createdDateTime),
    principalDisplayName: principal?.displayName ?? null,
    principalId: a.principalId,
    principalType: "ServicePrincipal",
    resourceDisplayName: resource?.displayName ?? null,
    resourceId: a.resourceId,
  };
}

export function grantJson(g: DelegatedPermissionGrant): Record<string, unknown> {
  return {
    clientId: g.clientId,
    consentType: g.consentType,
    id: g.id,
    principalId: g.principalId ?? null,
    resourceId: g.resourceId,
    scope: g.scopes.join(" "),
  };
}
