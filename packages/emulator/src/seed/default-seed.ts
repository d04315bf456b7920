import type { DirectoryState } from "../directory/directory-state.js";
import type { RequiredResourceAccess } from "../directory/directory-types.js";
import type { KeyVaultState } from "../keyvault/key-vault-state.js";
import { addSecretLogin, seedAdmin } from "./admin-seed.js";
import { DEFAULT_APP_ROLES, DEFAULT_DELEGATED_SCOPES } from "./default-permissions.js";
import { API_APP_ROLE_VALUE, exposeHostedApi, seedMcpClient, testUserOf } from "./hosted-identity-seed.js";
import { seedIdentityUsers } from "./identity-users.js";
import type { DefaultTenant } from "./seeded-tenant.js";

export const DEFAULT_CERT_NAME = "entra-mcp-cert";
export const DEFAULT_PFX_CERT_NAME = "entra-mcp-cert-pfx";

/**
 * The tenant the demo and most tests use: what provisioning would have produced for a
 * team — an app whose certificates live in the vault, admin consent for its
 * permissions, a teammate whose own login can read the certificate, a user, and the
 * administrator who provisioned it all.
 */
export function applyDefaultSeed(directory: DirectoryState, vault: KeyVaultState): DefaultTenant {
  const { adele: user, megan } = seedIdentityUsers(directory);

  const app = directory.addApplication({
    displayName: "entra-mcp",
    publicClientRedirectUris: ["http://localhost"],
    isFallbackPublicClient: true,
    requiredResourceAccess: requiredResourceAccess(directory),
  });
  const sp = directory.requireServicePrincipal(app.clientId);
  const mcpClientId = seedMcpClient(directory);
  const apiScope = exposeHostedApi(directory, app.clientId, mcpClientId);

  const pem = vault.createCertificate(DEFAULT_CERT_NAME, {
    contentType: "application/x-pem-file",
    subject: "CN=entra-mcp",
  });
  const pfx = vault.createCertificate(DEFAULT_PFX_CERT_NAME, {
    contentType: "application/x-pkcs12",
    subject: "CN=entra-mcp-pfx",
  });
  directory.addKeyCredential(app.clientId, pem.material, { displayName: "CN=entra-mcp" });
  directory.addKeyCredential(app.clientId, pfx.material, { displayName: "CN=entra-mcp-pfx" });

  for (const [resourceAppId, roles] of Object.entries(DEFAULT_APP_ROLES)) {
    directory.grantAppRoles(app.clientId, resourceAppId, roles);
  }
  for (const [resourceAppId, scopes] of Object.entries(DEFAULT_DELEGATED_SCOPES)) {
    directory.grantDelegated(app.clientId, resourceAppId, scopes);
  }
  vault.assignRole(sp.objectId, "Key Vault Certificate User");

  const teammate = addSecretLogin(directory, "teammate (developer login)");
  vault.assignRole(teammate.objectId, "Key Vault Certificate User");
  const admin = seedAdmin(directory, vault);

  return {
    tenantId: directory.tenant.tenantId,
    clientId: app.clientId,
    appObjectId: app.objectId,
    spObjectId: sp.objectId,
    certName: DEFAULT_CERT_NAME,
    pfxCertName: DEFAULT_PFX_CERT_NAME,
    teammate,
    admin,
    subscriptionId: vault.subscriptionId,
    vaultResourceId: vault.armResourceId,
    user: { oid: user.oid, upn: user.upn },
    mcpClientId,
    testUsers: [testUserOf(user), testUserOf(megan)],
    api: { identifierUri: `api://${app.clientId}`, scope: apiScope, appRole: API_APP_ROLE_VALUE },
  };
}

function requiredResourceAccess(directory: DirectoryState): RequiredResourceAccess[] {
  const resources = new Set([...Object.keys(DEFAULT_APP_ROLES), ...Object.keys(DEFAULT_DELEGATED_SCOPES)]);
  return [...resources].map((resourceAppId) =>
    directory.resourceAccessFor(
      resourceAppId,
      DEFAULT_APP_ROLES[resourceAppId] ?? [],
      DEFAULT_DELEGATED_SCOPES[resourceAppId] ?? [],
    ),
  );
}
