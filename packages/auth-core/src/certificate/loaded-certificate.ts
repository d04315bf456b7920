/** What we keep of a certificate: enough for MSAL to sign client assertions, held in memory only. */
export interface LoadedCertificate {
  /** PKCS#8 PEM private key. Never printed, logged, returned by a tool or written to disk. */
  privateKey: string;
  /** SHA-256 thumbprint, uppercase hex (MSAL signs PS256 with x5t#S256). */
  thumbprintSha256: string;
  /** SHA-1 thumbprint, uppercase hex (what the portal shows; RS256 with x5t). */
  thumbprint: string;
  /** The public certificate as PEM (MSAL's x5c input: it strips the headers itself). */
  x5c: string;
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
