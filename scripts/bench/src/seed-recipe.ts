/**
 * The seed recipe's "Step 7 — Wire auth in the plugin" (app-only), re-implemented as its document
 * writes it, as the baseline of the first-token benchmark: in a fresh process,
 * `new DefaultAzureCredential()`, `CertificateClient.getCertificate(certName)`,
 * `SecretClient.getSecret(certName)`, a node-forge PKCS#12 parse, `new ConfidentialClientApplication`
 * with `{ thumbprint, privateKey, x5c }` and `acquireTokenByClientCredential` for Graph. Prints one
 * JSON line (the time of each step since process start) once it holds a token, then exits.
 *
 * Against the emulator it adds only what any custom cloud needs, and nothing to make it faster:
 *  - `disableInstanceDiscovery: true` for DefaultAzureCredential (identity has no env var for it);
 *  - `disableChallengeResourceVerification: true` for both Key Vault clients (the challenge names
 *    vault.azure.net, the vault is 127.0.0.1);
 *  - `knownAuthorities: [host]` for MSAL (its only way to skip instance discovery). No
 *    authorityMetadata/cloudDiscoveryMetadata: the recipe has none, so MSAL fetches the OpenID
 *    configuration, as it would for any tenant authority.
 * The recipe's authority host login.microsoftonline.com is AZURE_AUTHORITY_HOST (the emulator's login
 * origin). DefaultAzureCredential is pinned to EnvironmentCredential by AZURE_TOKEN_CREDENTIALS in the
 * emulator env, exactly as for the servers (no IMDS probe, no az/pwsh/azd spawns).
 *
 * The certificate is the emulator's PKCS#12 one (content type application/x-pkcs12, empty password,
 * as Key Vault exports it), the format the recipe parses — not a PEM stand-in.
 *
 * Input (env): ENTRA_MCP_KEYVAULT_URL, ENTRA_MCP_CERT_NAME, ENTRA_MCP_TENANT_ID, ENTRA_MCP_CLIENT_ID,
 * AZURE_AUTHORITY_HOST, plus the AZURE_* login. The imports are the recipe's packages by their own
 * names (dependencies of scripts/bench).
 */
import { DefaultAzureCredential } from "@azure/identity";
import { CertificateClient } from "@azure/keyvault-certificates";
import { SecretClient } from "@azure/keyvault-secrets";
import { ConfidentialClientApplication } from "@azure/msal-node";
// The recipe writes `import * as forge`; node-forge is CommonJS, so from ESM its API is the default export.
import forge from "node-forge";

const marks: Record<string, number> = { imports: performance.now() };
const mark = (name: string) => {
  marks[name] = performance.now();
};

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`seed-recipe: ${name} is not set`);
  return value;
};
const VAULT_URL = required("ENTRA_MCP_KEYVAULT_URL");
const CERT_NAME = required("ENTRA_MCP_CERT_NAME");
const tenantId = required("ENTRA_MCP_TENANT_ID");
const clientId = required("ENTRA_MCP_CLIENT_ID");
const authorityHost = required("AZURE_AUTHORITY_HOST").replace(/\/+$/, "");

async function fetchCertificate(vaultUrl: string, certName: string) {
  const credential = new DefaultAzureCredential({ disableInstanceDiscovery: true });
  const certClient = new CertificateClient(vaultUrl, credential, {
    disableChallengeResourceVerification: true,
  });
  const secretClient = new SecretClient(vaultUrl, credential, { disableChallengeResourceVerification: true });
  mark("clients");
  const cert = await certClient.getCertificate(certName);
  mark("getCertificate");
  const secret = await secretClient.getSecret(certName);
  mark("getSecret");
  // biome-ignore lint/style/noNonNullAssertion: the recipe's own `secret.value!`
  const pfxBytes = Buffer.from(secret.value!, "base64");
  const p12Asn1 = forge.asn1.fromDer(forge.util.binary.raw.encode(pfxBytes));
  const p12 = forge.pkcs12.pkcs12FromAsn1(p12Asn1, "");
  // The recipe returns { privateKey, thumbprint, x5c } without showing how; the plainest reading:
  // the key from the PFX's key bag (as PKCS#8 PEM, which MSAL asks for), the SHA-1 thumbprint and
  // the certificate from getCertificate (x509Thumbprint, cer).
  const keyBagType = forge.pki.oids.pkcs8ShroudedKeyBag as string;
  const key = p12.getBags({ bagType: keyBagType })[keyBagType]?.[0]?.key;
  if (!key) throw new Error(`seed-recipe: no private key in ${certName}`);
  const privateKey = forge.pki.privateKeyInfoToPem(
    forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(key as forge.pki.rsa.PrivateKey)),
  );
  const thumbprint = Buffer.from(cert.properties.x509Thumbprint ?? []).toString("hex");
  const der = Buffer.from(cert.cer ?? []).toString("base64");
  const x5c = `-----BEGIN CERTIFICATE-----\n${der.match(/.{1,64}/g)?.join("\n")}\n-----END CERTIFICATE-----\n`;
  mark("pkcs12");
  return { privateKey, thumbprint, x5c };
}

async function getAppOnlyToken(tenantId: string, clientId: string, scope: string) {
  const { privateKey, thumbprint, x5c } = await fetchCertificate(VAULT_URL, CERT_NAME);
  const msal = new ConfidentialClientApplication({
    auth: {
      clientId,
      authority: `${authorityHost}/${tenantId}`,
      knownAuthorities: [new URL(authorityHost).host],
      clientCertificate: { thumbprint, privateKey, x5c },
    },
  });
  mark("msal");
  const result = await msal.acquireTokenByClientCredential({ scopes: [scope] });
  mark("token");
  // biome-ignore lint/style/noNonNullAssertion: the recipe's own `result!`
  return result!.accessToken;
}

const token = await getAppOnlyToken(tenantId, clientId, "https://graph.microsoft.com/.default");
process.stdout.write(`${JSON.stringify({ tokenLength: token.length, marks })}\n`, () => process.exit(0));
