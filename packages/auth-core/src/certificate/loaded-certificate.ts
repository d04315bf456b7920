import type { KeyObject } from "node:crypto";

/** What we keep of a certificate: enough to sign client assertions, held in memory only. */
export interface LoadedCertificate {
  /**
   * The private key, only as a KeyObject: its bytes live in OpenSSL, outside the JS heap, and no PEM
   * or PFX string of it is kept anywhere. Never exported, printed, logged, returned or written.
   */
  privateKey: KeyObject;
  /** SHA-256 thumbprint, uppercase hex (MSAL signs PS256 with x5t#S256). */
  thumbprintSha256: string;
  /** SHA-1 thumbprint, uppercase hex (what the portal shows; RS256 with x5t). */
  thumbprint: string;
  /** The public (leaf) certificate as PEM; its DER goes into the assertion's x5c header. */
  x5c: string;
  notBefore: Date;
  notAfter: Date;
  /** Key Vault version, or "file" for a local certificate. */
  version: string;
}

/** The public facts of a certificate, safe to print. */
export interface CertificateSummary {
  thumbprint: string;
  thumbprintSha256: string;
  notAfter: string;
  version: string;
}

/** Drops the private key and keeps only what may be shown to a person. */
export function summarizeCertificate(certificate: LoadedCertificate): CertificateSummary {
  return {
    thumbprint: certificate.thumbprint,
    thumbprintSha256: certificate.thumbprintSha256,
    notAfter: certificate.notAfter.toISOString(),
    version: certificate.version,
  };
}
