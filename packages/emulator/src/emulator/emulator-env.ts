import type { DefaultTenant, EmptyTenant } from "../seed/seeded-tenant.js";

/** Environment variables a server process needs to run against the emulator. */
export type EmulatorEnv = Record<string, string>;

export interface EnvInputs {
  tenant: EmptyTenant | DefaultTenant;
  loginUrl: string;
  vaultUrl: string;
  cloudPath: string;
  caPath: string;
  /** URLs of the emulated Dataverse environments (each its own token audience). */
  dataverseUrls: string[];
}

/**
 * ENTRA_MCP_* for auth-core, AZURE_* for an Azure login, the CA to trust, and the Dataverse
 * environment URLs (a server's Dataverse host allowlist and token audiences). The default
 * seed's Azure login is the teammate (a developer running servers); the empty seed's is the
 * administrator (who provisions), with the teammate's login alongside. For hosted mode every
 * seed names the MCP client and the test users (password sign-in); the default seed, where
 * the app exposes its API, also the full scope an MCP client asks for.
 */
export function buildEmulatorEnv(input: EnvInputs): EmulatorEnv {
  const { tenant } = input;
  const env: EmulatorEnv = {
    ENTRA_MCP_TENANT_ID: tenant.tenantId,
    ENTRA_MCP_KEYVAULT_URL: input.vaultUrl,
    ENTRA_MCP_CLOUD: input.cloudPath,
    NODE_EXTRA_CA_CERTS: input.caPath,
    AZURE_TENANT_ID: tenant.tenantId,
    AZURE_AUTHORITY_HOST: input.loginUrl,
    // Pins DefaultAzureCredential to EnvironmentCredential: no IMDS probe, no az/pwsh/azd spawns.
    AZURE_TOKEN_CREDENTIALS: "EnvironmentCredential",
    NO_PROXY: "127.0.0.1,localhost",
    ENTRA_MCP_DATAVERSE_URLS: input.dataverseUrls.join(","),
    ENTRA_MCP_EMULATOR_SUBSCRIPTION_ID: tenant.subscriptionId,
    ENTRA_MCP_EMULATOR_VAULT_RESOURCE_ID: tenant.vaultResourceId,
    ENTRA_MCP_EMULATOR_CLIENT_ID: tenant.mcpClientId,
    ENTRA_MCP_EMULATOR_TEST_USERS: JSON.stringify(
      tenant.testUsers.map(({ username, password }) => ({ username, password })),
    ),
  };
  if (isDefaultTenant(tenant)) {
    env.ENTRA_MCP_EMULATOR_API_SCOPE = tenant.api.scope;
    env.ENTRA_MCP_CLIENT_ID = tenant.clientId;
    env.ENTRA_MCP_CERT_NAME = tenant.certName;
    env.AZURE_CLIENT_ID = tenant.teammate.clientId;
    env.AZURE_CLIENT_SECRET = tenant.teammate.clientSecret;
    return env;
  }
  env.AZURE_CLIENT_ID = tenant.admin.clientId;
  env.AZURE_CLIENT_SECRET = tenant.admin.clientSecret;
  env.ENTRA_MCP_EMULATOR_ADMIN_OBJECT_ID = tenant.admin.objectId;
  env.ENTRA_MCP_EMULATOR_TEAMMATE_CLIENT_ID = tenant.teammate.clientId;
  env.ENTRA_MCP_EMULATOR_TEAMMATE_CLIENT_SECRET = tenant.teammate.clientSecret;
  env.ENTRA_MCP_EMULATOR_TEAMMATE_OBJECT_ID = tenant.teammate.objectId;
  if (tenant.teammate.user) {
    env.ENTRA_MCP_EMULATOR_TEAMMATE_USER_UPN = tenant.teammate.user.upn;
    env.ENTRA_MCP_EMULATOR_TEAMMATE_USER_OBJECT_ID = tenant.teammate.user.oid;
  }
  return env;
}

function isDefaultTenant(tenant: EmptyTenant | DefaultTenant): tenant is DefaultTenant {
  return typeof (tenant as Partial<DefaultTenant>).clientId === "string";
}
