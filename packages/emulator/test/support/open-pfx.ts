import forge from "node-forge";

// PKCS#12 bag types (RFC 7292): the 3DES-shrouded key and the certificate.
const SHROUDED_KEY_BAG = "1.2.840.113549.1.12.10.1.2";
const CERT_BAG = "1.2.840.113549.1.12.10.1.3";

/** Opens a base64 PFX with forge (as auth-core does) and returns its key and certificate as PEM. */
export function openPfx(base64: string, password: string): { keyPem: string; certPem: string } {
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.decode64(base64)), password);
  const key = p12.getBags({ bagType: SHROUDED_KEY_BAG })[SHROUDED_KEY_BAG]?.[0]?.key;
  const cert = p12.getBags({ bagType: CERT_BAG })[CERT_BAG]?.[0]?.cert;
  if (!key || !cert) throw new Error("openPfx: the PFX lacks a shrouded key bag or a certificate bag.");
  return { keyPem: forge.pki.privateKeyToPem(key), certPem: forge.pki.certificateToPem(cert) };
}
