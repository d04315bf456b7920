/** Builds the REST and Key Vault clients for a cloud profile, all sharing one credential and ledger. */
import type { TokenCredential } from "@azure/identity";
import type { CloudProfile } from "@entra-mcp/auth-core";
import { ProvisionError } from "../errors.js";
import { ArmClient } from "./arm-client.js";
import { DataverseClient } from "./dataverse-client.js";
import { FabricAdminClient } from "./fabric-admin-client.js";
import { GraphClient } from "./graph-client.js";
import { KeyVaultCertificates } from "./key-vault-client.js";
import { PowerBiClient } from "./power-bi-client.js";
import type { RequestLedger } from "./request-ledger.js";

export interface Clients {
  graph: GraphClient;
  arm: ArmClient | undefined;
  vault: KeyVaultCertificates;
  powerBi: PowerBiClient | undefined;
  fabricAdmin: FabricAdminClient | undefined;
  dataverse(environmentUrl: string): DataverseClient;
}

export function createClients(
  cloud: CloudProfile,
  credential: TokenCredential,
  ledger: RequestLedger,
  vaultUrl: string,
): Clients {
  const common = { credential, ledger };
  const graph = cloud.resources.graph;
  if (!graph) {
    throw new ProvisionError(
      `The ${cloud.name} cloud profile has no Microsoft Graph endpoint (resources.graph).`,
      {
        fix: "add resources.graph to the custom cloud JSON named by ENTRA_MCP_CLOUD.",
      },
    );
  }
  const { arm, powerbi, fabric } = cloud.resources;
  const dataverse = new Map<string, DataverseClient>();
  return {
    graph: new GraphClient({ ...common, ...graph }),
    arm: arm ? new ArmClient({ ...common, ...arm }) : undefined,
    vault: new KeyVaultCertificates(vaultUrl, credential, cloud, ledger),
    powerBi: powerbi ? new PowerBiClient({ ...common, ...powerbi }) : undefined,
    fabricAdmin: fabric ? new FabricAdminClient({ ...common, ...fabric }) : undefined,
    dataverse(environmentUrl) {
      const key = new URL(environmentUrl).origin;
      let client = dataverse.get(key);
      if (!client) {
        client = new DataverseClient({ ...common, environmentUrl: key });
        dataverse.set(key, client);
      }
      return client;
    },
  };
}
