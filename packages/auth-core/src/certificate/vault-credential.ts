/**
 * The developer's own Azure login for reading the vault: DefaultAzureCredential, which honours
 * AZURE_TOKEN_CREDENTIALS (e.g. "dev" or "EnvironmentCredential") so a team can pin the chain.
 * Loaded lazily: @azure/identity is heavy and most processes never need it after the first token.
 */
import type { TokenCredential } from "@azure/identity";
import type { CloudProfile } from "../config/cloud-profile.js";
import { sharedConnectionPolicies } from "../network/shared-connections.js";

/** Builds DefaultAzureCredential for `cloud` (authority host and instance-discovery from the profile). */
export async function createVaultCredential(cloud: CloudProfile): Promise<TokenCredential> {
  const { DefaultAzureCredential } = await import("@azure/identity");
  return new DefaultAzureCredential({
    authorityHost: cloud.authorityHost,
    disableInstanceDiscovery: cloud.disableInstanceDiscovery,
    additionalPolicies: sharedConnectionPolicies(),
  });
}
