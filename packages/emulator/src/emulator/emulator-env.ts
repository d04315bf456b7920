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
 * ENTRA_MCP_* for auth-core, AZURE_* for the developer's own Azure login
 * (EnvironmentCredential with the teammate's secret), the CA to trust, and the Dataverse
 * environment URLs (a server's Dataverse host allowlist and token audiences).
 */
export function buildEmulatorEnv(input: EnvInputs): EmulatorEnv {
  const env: EmulatorEnv = {
    ENTRA_MCP_TENANT_ID: input.tenant.tenantId,
    ENTRA_MCP_KEYVAULT_URL: input.vaultUrl,
    ENTRA_MCP_CLOUD: input.cloudPath,
    NODE_EXTRA_CA_CERTS: input.caPath,
    AZURE_TENANT_ID: input.tenant.tenantId,
    AZURE_AUTHORITY_HOST: input.loginUrl,
    // Pins DefaultAzureCredential to EnvironmentCredential: no IMDS probe, no az/pwsh/azd spawns.
    AZURE_TOKEN_CREDENTIALS: "EnvironmentCredential",
    NO_PROXY: "127.0.0.1,localhost",
    ENTRA_MCP_DATAVERSE_URLS: input.dataverseUrls.join(","),
  };
  if (isDefaultTenant(input.tenant)) {
    env.ENTRA_MCP_CLIENT_ID = input.tenant.clientId;
    env.ENTRA_MCP_CERT_NAME = input.tenant.certName;
    env.AZURE_CLIENT_ID = input.tenant.teammate.clientId;
    env.AZURE_CLIENT_SECRET = input.tenant.teammate.clientSecret;
  }
  return env;
}

function isDefaultTenant(tenant: EmptyTenant | DefaultTenant): tenant is DefaultTenant {
  return typeof (tenant as Partial<DefaultTenant>).clientId === "string";
}
