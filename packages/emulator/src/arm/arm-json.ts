import type { KeyVaultState } from "../keyvault/key-vault-state.js";
import type { RoleAssignment } from "./role-assignment-store.js";
import type { RoleDefinition } from "./role-definitions.js";

// Azure Resource Manager shapes (Microsoft.Resources, Microsoft.KeyVault 2023-07-01,
// Microsoft.Authorization 2022-04-01), field names as ARM sends them.

const ROLE_ASSIGNMENTS = "providers/Microsoft.Authorization/roleAssignments";
const ROLE_DEFINITIONS = "providers/Microsoft.Authorization/roleDefinitions";

export const roleDefinitionResourceId = (subscriptionId: string, roleId: string) =>
  `/subscriptions/${subscriptionId}/${ROLE_DEFINITIONS}/${roleId}`;

export const roleAssignmentResourceId = (scope: string, name: string) =>
  `${scope === "/" ? "" : scope}/${ROLE_ASSIGNMENTS}/${name}`;

export function subscriptionJson(subscriptionId: string, tenantId: string, displayName: string) {
  return {
    id: `/subscriptions/${subscriptionId}`,
    authorizationSource: "RoleBased",
    managedByTenants: [],
    subscriptionId,
    tenantId,
    displayName,
    state: "Enabled",
    subscriptionPolicies: {
      locationPlacementId: "Public_2014-09-01",
      quotaId: "PayAsYouGo_2014-09-01",
      spendingLimit: "Off",
    },
  };
}

export function resourceGroupJson(vault: KeyVaultState) {
  return {
    id: `/subscriptions/${vault.subscriptionId}/resourceGroups/${vault.resourceGroup}`,
    name: vault.resourceGroup,
    type: "Microsoft.Resources/resourceGroups",
    location: vault.location,
    properties: { provisioningState: "Succeeded" },
  };
}

/** The generic resource entry of GET /subscriptions/{sub}/resources. */
export function genericResourceJson(vault: KeyVaultState) {
  return {
    id: vault.armResourceId,
    name: vault.vaultName,
    type: "Microsoft.KeyVault/vaults",
    location: vault.location,
    tags: {},
  };
}

/** GET {vaultId}: an RBAC vault, as provisioning expects to find it. */
export function vaultJson(vault: KeyVaultState, tenantId: string) {
  return {
    ...genericResourceJson(vault),
    properties: {
      sku: { family: "A", name: "standard" },
      tenantId,
      accessPolicies: [],
      enabledForDeployment: false,
      enabledForDiskEncryption: false,
      enabledForTemplateDeployment: false,
      enableSoftDelete: true,
      softDeleteRetentionInDays: 90,
      enableRbacAuthorization: true,
      vaultUri: `${vault.vaultUrl}/`,
      provisioningState: "Succeeded",
      publicNetworkAccess: "Enabled",
    },
  };
}

export function roleAssignmentJson(a: RoleAssignment, subscriptionId: string) {
  return {
    properties: {
      roleDefinitionId: roleDefinitionResourceId(subscriptionId, a.roleDefinitionId),
      principalId: a.principalId,
      principalType: a.principalType,
      scope: a.scope,
      condition: null,
      conditionVersion: null,
      createdOn: a.createdOn.toISOString(),
      updatedOn: a.updatedOn.toISOString(),
      createdBy: a.createdBy,
      updatedBy: a.createdBy,
      delegatedManagedIdentityResourceId: null,
      description: null,
    },
    id: roleAssignmentResourceId(a.scope, a.name),
    type: "Microsoft.Authorization/roleAssignments",
    name: a.name,
  };
}

export function roleDefinitionJson(d: RoleDefinition, subscriptionId: string) {
  return {
    properties: {
      roleName: d.roleName,
      type: "BuiltInRole",
      description: d.description,
      assignableScopes: ["/"],
      permissions: [
        {
          actions: [...d.actions],
          notActions: [...d.notActions],
          dataActions: [...d.dataActions],
          notDataActions: [...d.notDataActions],
        },
      ],
      createdOn: "2015-02-02T21:55:09.8806423Z",
      updatedOn: "2024-01-01T00:00:00.0000000Z",
      createdBy: null,
      updatedBy: null,
    },
    id: roleDefinitionResourceId(subscriptionId, d.id),
    type: "Microsoft.Authorization/roleDefinitions",
    name: d.id,
  };
}
