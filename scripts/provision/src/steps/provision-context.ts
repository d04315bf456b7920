/** What the provisioning steps share: options, clients, the resolved permissions and what earlier steps found. */
import type { CloudProfile } from "@entra-mcp/auth-core";
import type { ArmClient, ArmVault } from "../clients/arm-client.js";
import type { DataverseClient } from "../clients/dataverse-client.js";
import type { FabricAdminClient } from "../clients/fabric-admin-client.js";
import type { GraphClient } from "../clients/graph-client.js";
import type { GraphApplication, GraphServicePrincipal } from "../clients/graph-types.js";
import type { KeyVaultCertificates, VaultCertificate } from "../clients/key-vault-client.js";
import type { PowerBiClient } from "../clients/power-bi-client.js";
import type { HostedOptions } from "../hosted/hosted-options.js";
import type { ResolvedResource } from "../manifests/resolve-permissions.js";

export interface ProvisionOptions {
  servers: string[];
  appName: string;
  vaultUrl: string;
  certName: string;
  pkcs12: boolean;
  users: string[];
  workspaces: string[];
  environments: string[];
  dataverseRole: string;
  workspaceAccess: string;
  configOut: string;
  deleteClientSecrets: boolean;
  /** `--hosted`: expose the app's API for hosted team mode. */
  hosted?: HostedOptions;
}

export interface ProvisionClients {
  graph: GraphClient;
  arm: ArmClient | undefined;
  vault: KeyVaultCertificates;
  powerBi: PowerBiClient | undefined;
  fabricAdmin: FabricAdminClient | undefined;
  dataverse(environmentUrl: string): DataverseClient;
}

/** Filled in by the steps as they go; undefined while planning means "will be created". */
export interface ProvisionState {
  app: GraphApplication | undefined;
  servicePrincipal: GraphServicePrincipal | undefined;
  certificate: VaultCertificate | undefined;
  vault: ArmVault | undefined;
  /** True when the client secret step should delete the app's client secrets. */
  deleteClientSecrets: boolean;
  /** Client secrets found on the app (keyId + name), for the prompt. */
  clientSecrets: { keyId: string; displayName: string }[];
}

export interface ProvisionContext {
  applying: boolean;
  tenantId: string;
  cloud: CloudProfile;
  /** What ENTRA_MCP_CLOUD was (a built-in name or the absolute path of a custom cloud file). */
  cloudSetting: string;
  options: ProvisionOptions;
  clients: ProvisionClients;
  resources: ResolvedResource[];
  state: ProvisionState;
}

/** Fresh state for one phase (plan or apply); the secret decision carries over. */
export function emptyState(deleteClientSecrets: boolean): ProvisionState {
  return {
    app: undefined,
    servicePrincipal: undefined,
    certificate: undefined,
    vault: undefined,
    deleteClientSecrets,
    clientSecrets: [],
  };
}
