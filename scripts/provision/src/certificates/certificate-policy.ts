/**
 * The certificate policy provisioning creates: RSA 2048, exportable (servers read the private key
 * through the certificate's secret), self-signed, 12 months, PEM unless PKCS#12 is asked for.
 * No AutoRenew: a version Key Vault issued on its own would not be registered on the app, so renewal
 * is `entra-mcp rotate`, which registers the new key before it removes the old one.
 */
import type { CertificatePolicy } from "@azure/keyvault-certificates";

export const PEM_CONTENT_TYPE = "application/x-pem-file";
export const PKCS12_CONTENT_TYPE = "application/x-pkcs12";

export function certificatePolicy(subjectName: string, pkcs12: boolean): CertificatePolicy {
  return {
    issuerName: "Self",
    subject: `CN=${subjectName}`,
    keyType: "RSA",
    keySize: 2048,
    exportable: true,
    reuseKey: false,
    contentType: pkcs12 ? PKCS12_CONTENT_TYPE : PEM_CONTENT_TYPE,
    validityInMonths: 12,
    keyUsage: ["digitalSignature", "keyEncipherment"],
    lifetimeActions: [{ action: "EmailContacts", lifetimePercentage: 80 }],
  };
}

/** Certificates this close to expiry are replaced by provision (and flagged by doctor). */
export const EXPIRY_WINDOW_DAYS = 30;

export function expiresWithin(expiresOn: Date | undefined, days: number, now = Date.now()): boolean {
  return expiresOn !== undefined && expiresOn.getTime() - now < days * 86_400_000;
}
