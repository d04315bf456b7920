import type { DirectoryState } from "../directory/directory-state.js";
import { RESOURCE_APP_IDS } from "../directory/resource-principals.js";
import type { KeyVaultState } from "../keyvault/key-vault-state.js";
import type { SecretLogin } from "./seeded-tenant.js";

/** Application permissions of the administrator's login, per resource app id. */
export const ADMIN_APP_ROLES: Record<string, string[]> = {
  [RESOURCE_APP_IDS.graph]: [
    "Application.ReadWrite.All",
    "AppRoleAssignment.ReadWrite.All",
    "DelegatedPermissionGrant.ReadWrite.All",
    "Directory.Read.All",
  ],
  // Fabric administrator: the tenant settings admin API.
  [RESOURCE_APP_IDS.powerBi]: ["Tenant.Read.All", "Tenant.ReadWrite.All"],
};

/** An app registration with a service principal and a client secret (somebody's own login). */
export function addSecretLogin(directory: DirectoryState, displayName: string): SecretLogin {
  const app = directory.addApplication({ displayName });
  const secret = directory.addPasswordCredential(app.clientId, { displayName: "az login" });
  return {
    clientId: app.clientId,
    clientSecret: secret.secret,
    objectId: directory.requireServicePrincipal(app.clientId).objectId,
  };
}

/**
 * The tenant administrator who provisions: the Graph roles to register and consent apps,
 * Owner on the vault (to assign roles through ARM) and Key Vault Administrator (to create and
 * read certificates). Workspace, Dataverse and Power Platform rights are the sample data's.
 */
export function seedAdmin(directory: DirectoryState, vault: KeyVaultState): SecretLogin {
  const admin = addSecretLogin(directory, "tenant admin (Azure login)");
  for (const [resourceAppId, roles] of Object.entries(ADMIN_APP_ROLES)) {
    directory.grantAppRoles(admin.clientId, resourceAppId, roles);
  }
  vault.assignRole(admin.objectId, "Owner");
  vault.assignRole(admin.objectId, "Key Vault Administrator");
  return admin;
}
