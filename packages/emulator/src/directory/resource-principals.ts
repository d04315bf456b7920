import type { ServicePrincipal } from "./directory-types.js";

/** A first-party resource API as it exists in every tenant (data, not code). */
export type ResourcePrincipalSeed = Omit<ServicePrincipal, "objectId">;

const OIDC_SCOPES = ["openid", "profile", "email", "offline_access"];

/** Microsoft first-party resources the emulated APIs stand in for. App ids and audiences are the real ones. */
export const RESOURCE_PRINCIPALS: ResourcePrincipalSeed[] = [
  {
    appId: "00000003-0000-0000-c000-000000000000",
    displayName: "Microsoft Graph",
    identifierUris: ["https://graph.microsoft.com", "https://canary.graph.microsoft.com"],
    identifierUriPatterns: [],
    appRoles: [
      "User.Read.All",
      "User.ReadWrite.All",
      "Group.Read.All",
      "GroupMember.Read.All",
      "Directory.Read.All",
      "Application.Read.All",
      "Application.ReadWrite.All",
      "AuditLog.Read.All",
      "Mail.Read",
      "Mail.Send",
      "Calendars.Read",
      "Sites.Read.All",
      "Files.Read.All",
      "Organization.Read.All",
    ],
    oauth2PermissionScopes: [
      ...OIDC_SCOPES,
      "User.Read",
      "User.ReadBasic.All",
      "User.Read.All",
      "Mail.Read",
      "Mail.Send",
      "Calendars.Read",
      "Files.Read",
      "Group.Read.All",
      "GroupMember.Read.All",
      "Directory.Read.All",
      "Application.Read.All",
      "AuditLog.Read.All",
      "Mail.ReadBasic",
      "Mail.ReadWrite",
      "Sites.Read.All",
    ],
    requiresConsent: true,
  },
  {
    appId: "cfa8b339-82a2-471a-a3c9-0fc0be7a4093",
    displayName: "Azure Key Vault",
    identifierUris: ["https://vault.azure.net"],
    identifierUriPatterns: [],
    appRoles: [],
    oauth2PermissionScopes: ["user_impersonation"],
    // Key Vault authorizes with RBAC on the vault, not with consent or token roles.
    requiresConsent: false,
  },
  {
    // Fabric's REST API is an identifier URI of the Power BI Service principal, so both share consent.
    appId: "00000009-0000-0000-c000-000000000000",
    displayName: "Power BI Service",
    identifierUris: ["https://analysis.windows.net/powerbi/api", "https://api.fabric.microsoft.com"],
    identifierUriPatterns: [],
    appRoles: ["Tenant.Read.All", "Tenant.ReadWrite.All"],
    oauth2PermissionScopes: [
      "Dataset.Read.All",
      "Dataset.ReadWrite.All",
      "Report.Read.All",
      "Dashboard.Read.All",
      "Workspace.Read.All",
      "Workspace.ReadWrite.All",
      "Capacity.Read.All",
      "Item.Read.All",
      "Item.ReadWrite.All",
      "Item.Execute.All",
      "Lakehouse.Read.All",
      "Notebook.Execute.All",
      "Report.ReadWrite.All",
    ],
    requiresConsent: true,
  },
  {
    appId: "8578e004-a5c6-46e7-913e-12f58912df43",
    displayName: "Power Platform API",
    identifierUris: ["https://api.powerplatform.com"],
    identifierUriPatterns: [],
    appRoles: [],
    oauth2PermissionScopes: [
      "EnvironmentManagement.Environments.Read",
      "EnvironmentManagement.Environments.ReadWrite",
      "AppManagement.ApplicationPackages.Read",
      "Licensing.BillingPolicies.Read",
    ],
    requiresConsent: true,
  },
  {
    // BAP (api.bap.microsoft.com) admin APIs take tokens for this resource, delegated scope "User".
    appId: "475226c6-020e-4fb2-8a90-7a972cbfc1d4",
    displayName: "PowerApps Service",
    identifierUris: ["https://service.powerapps.com"],
    identifierUriPatterns: [],
    appRoles: [],
    oauth2PermissionScopes: ["User"],
    requiresConsent: true,
  },
  {
    // Each Dataverse environment is its own audience (https://<org>.crm<N>.dynamics.com).
    appId: "00000007-0000-0000-c000-000000000000",
    displayName: "Dataverse",
    identifierUris: [],
    identifierUriPatterns: [/^https:\/\/[a-z0-9-]+\.(api\.)?crm[0-9]*\.dynamics\.com$/i],
    appRoles: [],
    oauth2PermissionScopes: ["user_impersonation"],
    requiresConsent: true,
  },
  {
    appId: "797f4846-ba00-4fd7-ba43-dac1f8f63013",
    displayName: "Windows Azure Service Management API",
    identifierUris: ["https://management.azure.com", "https://management.core.windows.net"],
    identifierUriPatterns: [],
    appRoles: [],
    oauth2PermissionScopes: ["user_impersonation"],
    requiresConsent: true,
  },
];

/** Well-known app ids, for callers that grant consent by resource. */
export const RESOURCE_APP_IDS = {
  graph: "00000003-0000-0000-c000-000000000000",
  keyVault: "cfa8b339-82a2-471a-a3c9-0fc0be7a4093",
  powerBi: "00000009-0000-0000-c000-000000000000",
  powerPlatform: "8578e004-a5c6-46e7-913e-12f58912df43",
  powerAppsService: "475226c6-020e-4fb2-8a90-7a972cbfc1d4",
  dataverse: "00000007-0000-0000-c000-000000000000",
  azureManagement: "797f4846-ba00-4fd7-ba43-dac1f8f63013",
} as const;
