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

/**
 * A credential usable at once while DefaultAzureCredential loads: the Key Vault client's first
 * request carries no token (it asks the vault which tenant and scope to use, and gets a 401), so
 * @azure/identity and MSAL (~20-40 ms of loading in a fresh process) load while that round trip is
 * on the wire instead of before it. A failure to build the credential surfaces from getToken.
 */
export function deferredVaultCredential(cloud: CloudProfile): TokenCredential {
  const credential = createVaultCredential(cloud);
  // Handled where it is awaited; this only keeps an early failure from being reported as unhandled
  // when the vault fails before it asks for a token.
  credential.catch(() => undefined);
  return {
    getToken: async (scopes, options) => (await credential).getToken(scopes, options),
  };
}
