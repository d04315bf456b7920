import {
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
  X509Certificate,
} from "node:crypto";
import forge from "node-forge";

/** An X.509 certificate with everything the emulator and its callers derive from it. */
export interface CertificateMaterial {
  /** PKCS#8 PEM. */
  privateKeyPem: string;
  /** X.509 PEM. */
  certificatePem: string;
  /** Certificate DER, base64. */
  derBase64: string;
  /** Uppercase hex. */
  thumbprintSha1Hex: string;
  thumbprintSha256Hex: string;
  /** base64url SHA-1 of the DER (what Key Vault and JWT headers call x5t). */
  x5t: string;
  /** base64url SHA-256 of the DER. */
  x5tS256: string;
  publicKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  /** Distinguished name, RDNs joined by ", " (e.g. "CN=entra-mcp"). */
  subject: string;
  /** Uppercase hex. */
  serialNumber: string;
}

export interface CreateCertificateOptions {
  /** Distinguished name, e.g. "CN=entra-mcp" or "CN=x, O=y". */
  subject?: string;
  validityMonths?: number;
  /** Defaults to ten minutes before now, as Key Vault backdates nbf. */
  notBefore?: Date;
  keySize?: number;
  /** subjectAltName entries: IP literals become iPAddress, everything else dNSName. */
  altNames?: string[];
  /** Makes a CA certificate (basicConstraints cA, keyCertSign) for signing test server certificates. */
  isCa?: boolean;
  /** Signs with this CA instead of self-signing; it must carry its private key. */
  issuer?: CertificateMaterial;
}

// Key Vault backdates nbf by ten minutes so clocks that run slightly behind still accept the cert.
const BACKDATE_MS = 10 * 60 * 1000;

/** Creates an RSA certificate the way Key Vault's "Self" issuer does (SHA-256, serverAuth+clientAuth). */
export function createSelfSignedCertificate(opts: CreateCertificateOptions = {}): CertificateMaterial {
  const subject = opts.subject ?? "CN=entra-mcp";
  const validityMonths = opts.validityMonths ?? 12;
  // node:crypto generates RSA keys natively; forge's pure-JS keygen takes seconds.
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: opts.keySize ?? 2048 });
  const privateKeyPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const spkiPem = publicKey.export({ type: "spki", format: "pem" }).toString();

  const now = Date.now();
  const notBefore = opts.notBefore ?? new Date(now - BACKDATE_MS);
  const notAfter = addMonths(opts.notBefore ?? new Date(now), validityMonths);

  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(spkiPem);
  cert.serialNumber = positiveSerial();
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  const subjectAttrs = parseDistinguishedName(subject);
  cert.setSubject(subjectAttrs);

  const issuer = opts.issuer;
  if (issuer && !issuer.privateKeyPem) {
    throw new Error("createSelfSignedCertificate: the issuer has no private key; pass a CA created here.");
  }
  const issuerCert = issuer ? forge.pki.certificateFromPem(issuer.certificatePem) : undefined;
  cert.setIssuer(issuerCert ? issuerCert.subject.attributes : subjectAttrs);
  cert.setExtensions(extensionsFor(opts, issuerCert));

  signWithNodeCrypto(cert, issuer ? createPrivateKey(issuer.privateKeyPem) : privateKey);
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), "binary");
  return { privateKeyPem, ...describeCertificate(new X509Certificate(der)) };
}

/**
 * Exports key + certificate as a base64 PFX, 3DES-encrypted like Key Vault's
 * application/x-pkcs12 secrets (whose password is the empty string).
 */
export function toPkcs12Base64(material: CertificateMaterial, password = ""): string {
  if (!material.privateKeyPem) {
    throw new Error("toPkcs12Base64: the certificate has no private key to export.");
  }
  const key = forge.pki.privateKeyFromPem(material.privateKeyPem);
  const cert = forge.pki.certificateFromPem(material.certificatePem);
  const p12 = forge.pkcs12.toPkcs12Asn1(key, [cert], password, { algorithm: "3des" });
  return Buffer.from(forge.asn1.toDer(p12).getBytes(), "binary").toString("base64");
}

/** Parses a public certificate (no private key), e.g. one registered as an app credential. */
export function certificateFromPem(
  certificatePem: string,
): Omit<CertificateMaterial, "privateKeyPem"> & { privateKeyPem?: undefined } {
  return describeCertificate(new X509Certificate(certificatePem));
}

/** Creates a base64 PKCS#10 request for the given key, as Key Vault shows in a pending operation. */
export function createCsrBase64(material: CertificateMaterial): string {
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.publicKeyFromPem(
    material.publicKey.export({ type: "spki", format: "pem" }).toString(),
  );
  csr.setSubject(parseDistinguishedName(material.subject));
  signWithNodeCrypto(csr, createPrivateKey(material.privateKeyPem));
  return Buffer.from(
    forge.asn1.toDer(forge.pki.certificationRequestToAsn1(csr)).getBytes(),
    "binary",
  ).toString("base64");
}

function describeCertificate(x509: X509Certificate): Omit<CertificateMaterial, "privateKeyPem"> {
  const der = x509.raw;
  const sha1 = createHash("sha1").update(der).digest();
  const sha256 = createHash("sha256").update(der).digest();
  return {
    certificatePem: x509.toString(),
    derBase64: der.toString("base64"),
    thumbprintSha1Hex: sha1.toString("hex").toUpperCase(),
    thumbprintSha256Hex: sha256.toString("hex").toUpperCase(),
    x5t: sha1.toString("base64url"),
    x5tS256: sha256.toString("base64url"),
    publicKey: x509.publicKey,
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
    // Node separates RDNs with newlines; callers compare against "CN=a, O=b".
    subject: x509.subject.split("\n").join(", "),
    serialNumber: x509.serialNumber.toUpperCase(),
  };
}

/**
 * Lets forge build the ASN.1 but has node:crypto do the RSA signature: forge's
 * pure-JS modular exponentiation is ~10x slower. forge hands its "key" a digest
 * object, so we give it one that just collects the bytes to be signed.
 */
function signWithNodeCrypto(
  target: forge.pki.Certificate | forge.pki.CertificateSigningRequest,
  key: KeyObject,
): void {
  let tbs = "";
  const collector = {
    algorithm: "sha256",
    update(bytes: string) {
      tbs += bytes;
      return collector;
    },
  };
  const signer = {
    sign: () => sign("sha256", Buffer.from(tbs, "binary"), key).toString("binary"),
  };
  // forge's typings want its own key/digest classes; these duck-typed stand-ins are all sign() touches.
  target.sign(signer as unknown as forge.pki.rsa.PrivateKey, collector as unknown as forge.md.MessageDigest);
}

function extensionsFor(opts: CreateCertificateOptions, issuerCert?: forge.pki.Certificate): object[] {
  const extensions: object[] = [];
  if (opts.isCa) {
    extensions.push({ name: "basicConstraints", cA: true, critical: true });
    extensions.push({
      name: "keyUsage",
      keyCertSign: true,
      cRLSign: true,
      digitalSignature: true,
      critical: true,
    });
  } else {
    extensions.push({ name: "basicConstraints", cA: false });
    extensions.push({ name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true });
    extensions.push({ name: "extKeyUsage", serverAuth: true, clientAuth: true });
  }
  if (opts.altNames?.length) {
    extensions.push({
      name: "subjectAltName",
      altNames: opts.altNames.map((n) => (isIpLiteral(n) ? { type: 7, ip: n } : { type: 2, value: n })),
    });
  }
  extensions.push({ name: "subjectKeyIdentifier" });
  extensions.push({
    name: "authorityKeyIdentifier",
    // forge's `true` means "my own key", which is only right when self-signed.
    keyIdentifier: issuerCert ? issuerCert.generateSubjectKeyIdentifier().getBytes() : true,
  });
  return extensions;
}

const DN_SHORT_NAMES = new Set(["CN", "O", "OU", "L", "ST", "C", "E"]);

function parseDistinguishedName(dn: string): forge.pki.CertificateField[] {
  const attrs = dn
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      const eq = part.indexOf("=");
      const shortName = part.slice(0, eq).trim().toUpperCase();
      const value = part.slice(eq + 1).trim();
      if (eq <= 0 || !DN_SHORT_NAMES.has(shortName) || value.length === 0) {
        throw new Error(
          `certificate subject: "${part}" is not one of CN=, O=, OU=, L=, ST=, C=, E= with a value.`,
        );
      }
      return { shortName, value };
    });
  if (attrs.length === 0) throw new Error('certificate subject: empty; use e.g. "CN=entra-mcp".');
  return attrs;
}

function positiveSerial(): string {
  const bytes = randomBytes(16);
  // A leading 1-bit would make the DER INTEGER negative, which strict parsers reject.
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return bytes.toString("hex");
}

function addMonths(from: Date, months: number): Date {
  const d = new Date(from.getTime());
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

function isIpLiteral(name: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(name) || name.includes(":");
}
