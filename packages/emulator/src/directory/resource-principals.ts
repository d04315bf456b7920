import type { ServicePrincipal } from "./directory-types.js";
import { appRoles, permissionScopes } from "./permission-definitions.js";

/** A first-party resource API as it exists in every tenant (data, not code). */
export type ResourcePrincipalSeed = Omit<ServicePrincipal, "objectId">;

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

const { graph, keyVault, powerBi, powerPlatform, powerAppsService, dataverse, azureManagement } =
  RESOURCE_APP_IDS;

// Permission ids are Microsoft's (the Graph and Power BI permission references); an entry
// without an id gets a stable generated one (see permission-definitions.ts).

/**
 * Microsoft first-party resources the emulated APIs stand in for. App ids, audiences and
 * permission names are the real ones.
 */
export const RESOURCE_PRINCIPALS: ResourcePrincipalSeed[] = [
  {
    appId: graph,
    displayName: "Microsoft Graph",
    identifierUris: ["https://graph.microsoft.com", "https://canary.graph.microsoft.com"],
    identifierUriPatterns: [],
    appRoles: appRoles(graph, [
      ["User.Read.All", "df021288-bdef-4463-88db-98f22de89214"],
      ["User.ReadWrite.All", "741f803b-c850-494e-b5df-cde7c675a1ca"],
      ["Group.Read.All", "5b567255-7703-4780-807c-7be8301ae99b"],
      ["GroupMember.Read.All", "98830695-27a2-44f7-8c18-0c3ebc9698f6"],
      ["Directory.Read.All", "7ab1d382-f21e-4acd-a863-ba3e13f7da61"],
      ["Directory.ReadWrite.All", "19dbc75e-c2e2-444c-a770-ec69d8559fc7"],
      ["Application.Read.All", "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30"],
      ["Application.ReadWrite.All", "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9"],
      ["Application.ReadWrite.OwnedBy", "18a4783c-866b-4cc7-a460-3d5e5662c884"],
      ["AppRoleAssignment.ReadWrite.All", "06b708a9-e830-4db3-a914-8e69da51d44f"],
      ["DelegatedPermissionGrant.ReadWrite.All", "8e8e4742-1d95-4f68-9d56-6ee75648c72a"],
      ["AuditLog.Read.All", "b0afded3-3588-46d8-8b3d-9842eff778da"],
      ["Mail.Read", "810c84a8-4a9e-49e6-bf7d-12d183f40d01"],
      ["Mail.Send", "b633e1c5-b582-4048-a93e-9f11b44c7e96"],
      ["Calendars.Read", "798ee544-9d2d-430c-a058-570e29e34338"],
      ["Calendars.ReadBasic.All", "8ba4a692-bc31-4128-9094-475872af8a53"],
      ["Sites.Read.All", "332a536c-c7ef-4017-ab91-336970924f0d"],
      ["Files.Read.All", "01d4889c-1287-42c6-ac1f-5d1e02578ef6"],
      ["Organization.Read.All", "498476ce-e0fe-48b0-b801-37ba7e2685c6"],
      ["User.ReadBasic.All", "97235f07-e226-4f63-ace3-39588e11d3a1"],
      ["Group.ReadBasic.All", "07d67222-3a10-4d3b-9ddc-b8aa43198a00"],
      ["GroupMember.ReadBasic.All", "8222c640-cae5-4860-8d11-b32cfad95e03"],
      ["Device.Read.All", "7438b122-aefc-4978-80ed-43db9fcc7715"],
      ["RoleManagement.Read.Directory", "483bed4a-2ad3-4361-a73b-c83ccdbdc53c"],
      ["Policy.Read.All", "246dd0d5-5bd0-4def-940b-0421030a5b68"],
      ["LicenseAssignment.Read.All", "e2f98668-2877-4f38-a2f4-8202e0717aa1"],
    ]),
    oauth2PermissionScopes: permissionScopes(graph, [
      ["openid", "37f7f235-527c-4136-accd-4a02d197296e"],
      ["profile", "14dad69e-099b-42c9-810b-d002981feec1"],
      ["email", "64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0"],
      ["offline_access", "7427e0e9-2fba-42fe-b0c0-848c9e6a8182"],
      ["User.Read", "e1fe6dd8-ba31-4d61-89e7-88639da4683d"],
      ["User.ReadBasic.All", "b340eb25-3456-403f-be2f-af7a0d370277"],
      ["User.Read.All", "a154be20-db9c-4678-8ab7-66f6cc099a59"],
      ["User.ReadWrite.All", "204e0828-b5ca-4ad8-b9f3-f32a958e7cc4"],
      ["Mail.Read", "570282fd-fa5c-430d-a7fd-fc8dc98a9dca"],
      ["Mail.ReadBasic", "a4b8392a-d8d1-4954-a029-8e668a39a170"],
      ["Mail.ReadWrite", "024d486e-b451-40bb-833d-3e66d98c5c73"],
      ["Mail.Send", "e383f46e-2787-4529-855e-0e479a3ffac0"],
      ["Calendars.ReadBasic", "662d75ba-a364-42ad-adee-f5f880ea4878"],
      ["Calendars.Read", "465a38f9-76ea-45b9-9f34-9e8b0d4b0b42"],
      ["Files.Read", "10465720-29dd-4523-a11a-6a75c743c9d9"],
      ["Files.Read.All", "df85f4d6-205c-4ac5-a5ea-6bf408dba283"],
      ["Group.Read.All", "5f8c59db-677d-491f-a6b8-5f174b11ec1d"],
      ["GroupMember.Read.All", "bc024368-1153-4739-b217-4326f2e966d0"],
      ["Directory.Read.All", "06da0dbc-49e2-44d2-8312-53f166ab848a"],
      ["Directory.ReadWrite.All", "c5366453-9fb0-48a5-a156-24f0c49a4b84"],
      ["Application.Read.All", "c79f8feb-a9db-4090-85f9-90d820caa0eb"],
      ["Application.ReadWrite.All", "bdfbf15f-ee85-4955-8675-146e8e5296b5"],
      ["AppRoleAssignment.ReadWrite.All", "84bccea3-f856-4a8a-967b-dbe0a3d53a64"],
      ["DelegatedPermissionGrant.ReadWrite.All", "41ce6ca6-6826-4807-84f1-1c82854f7ee5"],
      ["AuditLog.Read.All", "e4c9e354-4dc5-45b8-9e7c-e1393b0b1a20"],
      ["Sites.Read.All", "205e70e5-aba6-4c52-a976-6d2d46c48043"],
      ["Organization.Read.All", "4908d5b9-3fb2-4b1e-9336-1888b7937185"],
      ["Group.ReadBasic.All", "ba1917bc-a64b-4c71-b66d-229d4a520e66"],
      ["GroupMember.ReadBasic.All", "28539367-358c-4ed9-b7f0-793eccb8fd34"],
      ["Device.Read.All", "951183d1-1a61-466f-a6d1-1fde911bfd95"],
      ["RoleManagement.Read.Directory", "741c54c3-0c1e-44a1-818b-3f97ab4e8c83"],
      ["Policy.Read.All", "572fea84-0151-49b2-9301-11cb16974376"],
      ["LicenseAssignment.Read.All", "f395577a-0960-456b-979f-7228de0c5996"],
    ]),
    requiresConsent: true,
  },
  {
    appId: keyVault,
    displayName: "Azure Key Vault",
    identifierUris: ["https://vault.azure.net"],
    identifierUriPatterns: [],
    appRoles: [],
    oauth2PermissionScopes: permissionScopes(keyVault, [
      ["user_impersonation", "f53da476-18e3-4152-8e01-aec403e6edc0"],
    ]),
    // Key Vault authorizes with RBAC on the vault, not with consent or token roles.
    requiresConsent: false,
  },
  {
    // Fabric's REST API is an identifier URI of the Power BI Service principal, so both share consent.
    appId: powerBi,
    displayName: "Power BI Service",
    identifierUris: ["https://analysis.windows.net/powerbi/api", "https://api.fabric.microsoft.com"],
    identifierUriPatterns: [],
    appRoles: appRoles(powerBi, [
      ["Tenant.Read.All", "654b31ae-d941-4e22-8798-7add8fdf049f"],
      ["Tenant.ReadWrite.All", "28379fa9-8596-4fd9-869e-cb60a93b5d84"],
    ]),
    oauth2PermissionScopes: permissionScopes(powerBi, [
      ["Dataset.Read.All", "7f33e027-4039-419b-938e-2f8ca153e68e"],
      ["Dataset.ReadWrite.All", "322b68b2-0804-416e-86a5-d772c567b6e6"],
      ["Report.Read.All", "4ae1bf56-f562-4747-b7bc-2fa0874ed46f"],
      ["Report.ReadWrite.All", "7504609f-c495-4c64-8542-686125a5a36f"],
      ["Dashboard.Read.All", "2448370f-f988-42cd-909c-6528efd67c1a"],
      ["Dashboard.ReadWrite.All"],
      ["Dataflow.Read.All"],
      ["Dataflow.ReadWrite.All"],
      ["App.Read.All"],
      ["Workspace.Read.All", "b2f1b2fa-f35c-407c-979c-a858a808ba85"],
      ["Workspace.ReadWrite.All", "445002fb-a6f2-4dc1-a81e-4254a111cd29"],
      ["Capacity.Read.All", "76e2ebd5-0dfb-4a5b-93c7-ed89e0362834"],
      ["Tenant.Read.All", "01944dba-21df-426f-bb8c-796488be96ad"],
      ["Tenant.ReadWrite.All", "d594897b-76e7-4b2b-984b-b4adff35e109"],
      ["Item.Read.All"],
      ["Item.ReadWrite.All"],
      ["Item.Execute.All"],
      ["Lakehouse.Read.All"],
      ["Notebook.Execute.All"],
      // Fabric scopes the fabric server's tools list (Fabric REST reference, "Required Delegated Scopes").
      ["Lakehouse.ReadWrite.All"],
      ["Capacity.ReadWrite.All"],
      ["Connection.Read.All"],
      ["Connection.ReadWrite.All"],
      ["OneLake.Read.All"],
      ["OneLake.ReadWrite.All"],
      ["Workspace.GitUpdate.All"],
      ["Workspace.GitCommit.All"],
    ]),
    requiresConsent: true,
  },
  {
    appId: powerPlatform,
    displayName: "Power Platform API",
    identifierUris: ["https://api.powerplatform.com"],
    identifierUriPatterns: [],
    appRoles: [],
    oauth2PermissionScopes: permissionScopes(powerPlatform, [
      // Names from Microsoft's Power Platform API permission reference (there is no
      // EnvironmentManagement.Environments.ReadWrite).
      ["EnvironmentManagement.Environments.Read", "177690ed-85f1-41d9-8dbf-2716e60ff46a"],
      ["EnvironmentManagement.Settings.Read"],
      ["AppManagement.ApplicationPackages.Read"],
      ["Licensing.BillingPolicies.Read"],
      ["PowerApps.Apps.Read"],
      ["PowerAutomate.Flows.Read"],
    ]),
    requiresConsent: true,
  },
  {
    // BAP (api.bap.microsoft.com) admin APIs take tokens for this resource, delegated scope "User".
    appId: powerAppsService,
    displayName: "PowerApps Service",
    identifierUris: ["https://service.powerapps.com"],
    identifierUriPatterns: [],
    appRoles: [],
    oauth2PermissionScopes: permissionScopes(powerAppsService, [
      ["User", "0eb56b90-a7b5-43b5-9402-8137a8083e90"],
    ]),
    requiresConsent: true,
  },
  {
    // Each Dataverse environment is its own audience (https://<org>.crm<N>.dynamics.com).
    appId: dataverse,
    displayName: "Dataverse",
    identifierUris: [],
    identifierUriPatterns: [/^https:\/\/[a-z0-9-]+\.(api\.)?crm[0-9]*\.dynamics\.com$/i],
    appRoles: [],
    oauth2PermissionScopes: permissionScopes(dataverse, [
      ["user_impersonation", "78ce3f0f-a1ce-49c2-8cde-64b5c0896db4"],
    ]),
    requiresConsent: true,
  },
  {
    appId: azureManagement,
    displayName: "Windows Azure Service Management API",
    identifierUris: ["https://management.azure.com", "https://management.core.windows.net"],
    identifierUriPatterns: [],
    appRoles: [],
    oauth2PermissionScopes: permissionScopes(azureManagement, [
      ["user_impersonation", "41094075-9dad-400e-a0bd-54e686782033"],
    ]),
    requiresConsent: true,
  },
];
