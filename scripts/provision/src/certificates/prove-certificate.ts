/**
 * Proves a certificate version works before anything depends on it: read it from the vault (private
 * key in memory only, via auth-core), sign a client assertion with it (auth-core, for MSAL) and get a real app-only
 * token. Retries AADSTS700027 for a while: a key just added to the app takes time to replicate.
 */
import type { TokenCredential } from "@azure/identity";
import { type CloudProfile, clientAssertionCallback, fetchCertificate } from "@entra-mcp/auth-core";
import type { RequestLedger } from "../clients/request-ledger.js";
import { ProvisionError } from "../errors.js";
import { cliCommand } from "../output/cli-command.js";

export interface ProofResult {
  thumbprintSha1: string;
  audience: string;
  expiresOn: string | undefined;
  attempts: number;
}

export interface ProofInput {
  vaultUrl: string;
  certName: string;
  version: string;
  tenantId: string;
  clientId: string;
  cloud: CloudProfile;
  credential: TokenCredential;
  audience: string;
  /** Records the Key Vault read (auth-core's fetchCertificate sends it). */
  ledger?: RequestLedger;
  /** How long to keep retrying AADSTS700027 (replication); default 120 s. */
  patienceMs?: number;
}

export async function proveCertificate(input: ProofInput): Promise<ProofResult> {
  input.ledger?.record("GET", "Key Vault", `${input.vaultUrl}/secrets/${input.certName}/${input.version}`);
  const certificate = await fetchCertificate(input.vaultUrl, input.certName, input.credential, {
    version: input.version,
    cloud: input.cloud,
  });
  const { ConfidentialClientApplication } = await import("@azure/msal-node");
  const authority = `${input.cloud.authorityHost}/${input.tenantId}`;
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: input.clientId,
      authority,
      ...(input.cloud.disableInstanceDiscovery ? { knownAuthorities: [new URL(authority).host] } : {}),
      // Signed with the certificate's KeyObject: the private key never becomes a PEM string.
      clientAssertion: clientAssertionCallback(() => certificate),
    },
    system: { loggerOptions: { piiLoggingEnabled: false, loggerCallback: () => undefined } },
  });
  const deadline = Date.now() + (input.patienceMs ?? 120_000);
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await app.acquireTokenByClientCredential({
        scopes: [`${input.audience.replace(/\/+$/, "")}/.default`],
        skipCache: true,
      });
      if (!result) throw new Error("no token returned");
      return {
        thumbprintSha1: certificate.thumbprint,
        audience: input.audience,
        expiresOn: result.expiresOn?.toISOString(),
        attempts: attempt,
      };
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      if (/AADSTS700027/.test(text) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 5000));
        continue;
      }
      throw new ProvisionError(
        `the new certificate ${certificate.thumbprint} could not get a token for ${input.audience}: ${text.split("\n")[0]}`,
        {
          cause: error,
          fix: `run \`${cliCommand("doctor")}\` to see what is wrong; the old key was left on the app.`,
        },
      );
    }
  }
}
