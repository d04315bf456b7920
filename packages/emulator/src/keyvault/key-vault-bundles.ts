import { createCsrBase64, toPkcs12Base64 } from "../certs/certificate-material.js";
import type {
  CertificateOperationState,
  CertificateVersion,
  KeyVaultState,
  PlainSecretVersion,
} from "./key-vault-state.js";

// JSON shapes of the Key Vault data plane (api-version 7.x / 2025+), field names and order as the service sends them.

const RECOVERY = { recoveryLevel: "Recoverable+Purgeable", recoverableDays: 90 } as const;
const KEY_VAULT_SELF_EKUS = ["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"];

const seconds = (d: Date): number => Math.floor(d.getTime() / 1000);

// A PFX is re-encrypted with a fresh salt on every export; cache one per version so repeated reads match.
const pfxCache = new WeakMap<CertificateVersion, string>();
const csrCache = new WeakMap<CertificateVersion, string>();

/** The value Key Vault stores in a certificate's secret: key + cert PEM, or a PFX with an empty password. */
export function certificateSecretValue(cert: CertificateVersion): string {
  if (cert.contentType === "application/x-pem-file") {
    return `${cert.material.privateKeyPem.trimEnd()}\n${cert.material.certificatePem.trimEnd()}\n`;
  }
  let pfx = pfxCache.get(cert);
  if (!pfx) {
    pfx = toPkcs12Base64(cert.material, "");
    pfxCache.set(cert, pfx);
  }
  return pfx;
}

function certificateAttributes(cert: CertificateVersion) {
  return {
    enabled: cert.enabled,
    nbf: seconds(cert.material.notBefore),
    exp: seconds(cert.expiresOverride ?? cert.material.notAfter),
    created: seconds(cert.created),
    updated: seconds(cert.updated),
    ...RECOVERY,
  };
}

/** GET /secrets/{name}/{version} for a certificate-backed secret. */
export function managedSecretBundle(vault: KeyVaultState, cert: CertificateVersion) {
  return {
    value: certificateSecretValue(cert),
    contentType: cert.contentType,
    id: `${vault.vaultUrl}/secrets/${cert.name}/${cert.version}`,
    managed: true,
    attributes: certificateAttributes(cert),
    tags: { ...cert.tags },
    kid: `${vault.vaultUrl}/keys/${cert.name}/${cert.version}`,
  };
}

/** GET /secrets/{name}/{version} for a secret set directly. */
export function plainSecretBundle(vault: KeyVaultState, secret: PlainSecretVersion) {
  return {
    value: secret.value,
    ...(secret.contentType !== undefined ? { contentType: secret.contentType } : {}),
    id: `${vault.vaultUrl}/secrets/${secret.name}/${secret.version}`,
    attributes: {
      enabled: secret.enabled,
      created: seconds(secret.created),
      updated: seconds(secret.updated),
      ...RECOVERY,
    },
    tags: { ...secret.tags },
  };
}

function policyJson(vault: KeyVaultState, name: string) {
  const policy = vault.getPolicy(name);
  if (!policy) return undefined;
  return {
    id: `${vault.vaultUrl}/certificates/${name}/policy`,
    key_props: { exportable: true, kty: "RSA", key_size: policy.keySize, reuse_key: false },
    secret_props: { contentType: policy.contentType },
    x509_props: {
      subject: policy.subject,
      sans: {},
      ekus: KEY_VAULT_SELF_EKUS,
      key_usage: ["digitalSignature", "keyEncipherment"],
      validity_months: policy.validityMonths,
      basic_constraints: { ca: false },
    },
    lifetime_actions: [{ trigger: { lifetime_percentage: 80 }, action: { action_type: "AutoRenew" } }],
    issuer: { name: "Self" },
    attributes: { enabled: true, created: seconds(policy.created), updated: seconds(policy.updated) },
  };
}

/** GET /certificates/{name}/{version}: public parts only; the private key lives in the secret at `sid`. */
export function certificateBundle(vault: KeyVaultState, cert: CertificateVersion) {
  const base = `${vault.vaultUrl}/certificates/${cert.name}`;
  const policy = policyJson(vault, cert.name);
  return {
    id: `${base}/${cert.version}`,
    kid: `${vault.vaultUrl}/keys/${cert.name}/${cert.version}`,
    sid: `${vault.vaultUrl}/secrets/${cert.name}/${cert.version}`,
    x5t: cert.material.x5t,
    cer: cert.material.derBase64,
    attributes: certificateAttributes(cert),
    tags: { ...cert.tags },
    ...(policy ? { policy } : {}),
    ...(vault.getCertificateOperation(cert.name) ? { pending: { id: `${base}/pending` } } : {}),
  };
}

/** An entry of GET /certificates (versionless id) or GET /certificates/{name}/versions (versioned id). */
export function certificateItem(vault: KeyVaultState, cert: CertificateVersion, withVersion: boolean) {
  const base = `${vault.vaultUrl}/certificates/${cert.name}`;
  return {
    id: withVersion ? `${base}/${cert.version}` : base,
    x5t: cert.material.x5t,
    attributes: certificateAttributes(cert),
    tags: { ...cert.tags },
    subject: "",
  };
}

/** A certificate operation as POST .../create and GET .../pending return it. */
export function certificateOperationJson(
  vault: KeyVaultState,
  op: CertificateOperationState,
  status: "inProgress" | "completed",
) {
  const cert = vault.getCertificate(op.name, op.version);
  let csr = cert ? csrCache.get(cert) : undefined;
  if (cert && !csr) {
    csr = createCsrBase64(cert.material);
    csrCache.set(cert, csr);
  }
  return {
    id: `${vault.vaultUrl}/certificates/${op.name}/pending`,
    issuer: { name: "Self" },
    ...(csr ? { csr } : {}),
    cancellation_requested: op.cancellationRequested,
    status,
    ...(status === "inProgress"
      ? {
          status_details:
            "Pending certificate created. Certificate request is in progress. This may take some time based on the issuer provider. Please check again later.",
        }
      : { target: `${vault.vaultUrl}/certificates/${op.name}` }),
    request_id: op.requestId,
  };
}
