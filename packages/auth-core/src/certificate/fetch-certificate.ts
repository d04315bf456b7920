/**
 * `fetchCertificate`: one `getSecret` call returns the certificate's private key and public
 * certificate (Key Vault backs every certificate with a secret of the same name), so no separate
 * getCertificate call is needed.
 */
import type { TokenCredential } from "@azure/identity";
import { BUILT_IN_CLOUDS, type CloudProfile } from "../config/cloud-profile.js";
import { CertificateError } from "../errors.js";
import { toVaultError } from "./key-vault-errors.js";
import type { LoadedCertificate } from "./loaded-certificate.js";
import { parsePemBundle, parsePkcs12 } from "./parse-certificate.js";
import { createVaultCredential } from "./vault-credential.js";

export interface FetchCertificateOptions {
  /** A specific version; the newest enabled version when omitted. */
  version?: string;
  /** Custom clouds need the challenge-resource check off (see CloudProfile). Defaults to public. */
  cloud?: CloudProfile;
}

/** Reads certificate `certName` from the vault with the caller's credential (DefaultAzureCredential by default). */
export async function fetchCertificate(
  vaultUrl: string,
  certName: string,
  credential?: TokenCredential,
  options: FetchCertificateOptions = {},
): Promise<LoadedCertificate> {
  const cloud = options.cloud ?? BUILT_IN_CLOUDS.public;
  const context = { vaultUrl, certName, version: options.version };
  let secret: { value?: string; properties: { contentType?: string; version?: string } };
  try {
    const { SecretClient } = await import("@azure/keyvault-secrets");
    const client = new SecretClient(vaultUrl, credential ?? (await createVaultCredential(cloud)), {
      disableChallengeResourceVerification: cloud.disableChallengeResourceVerification,
    });
    secret = await client.getSecret(certName, options.version ? { version: options.version } : {});
  } catch (error) {
    throw toVaultError(error, context);
  }

  const version = secret.properties.version ?? options.version ?? "unknown";
  const where = `Key Vault secret "${certName}" (version ${version})`;
  if (!secret.value) {
    throw new CertificateError("CERTIFICATE_INVALID", `${where} is empty.`, {
      fix: "store a certificate created by Key Vault (az keyvault certificate create) under this name.",
    });
  }
  const contentType = secret.properties.contentType ?? "";
  if (contentType === "application/x-pem-file" || secret.value.includes("-----BEGIN")) {
    return parsePemBundle(secret.value, version, where);
  }
  if (contentType === "application/x-pkcs12" || contentType === "") {
    return parsePkcs12(Buffer.from(secret.value, "base64"), version, where);
  }
  throw new CertificateError(
    "CERTIFICATE_INVALID",
    `${where} has content type "${contentType}", not a certificate.`,
    {
      fix: "point ENTRA_MCP_CERT_NAME at a Key Vault certificate (PEM or PKCS#12 content type).",
    },
  );
}
