/**
 * Turns certificate material into a LoadedCertificate (the key as a KeyObject only): PEM (key +
 * certificate) with node:crypto,
 * PKCS#12 with node-forge, which is loaded only when a PFX actually shows up (node:crypto cannot read
 * PKCS#12, see notes/wire-protocol.md). Thumbprints are computed locally from the DER.
 */
import { createPrivateKey, type KeyObject, X509Certificate } from "node:crypto";
import { CertificateError } from "../errors.js";
import type { LoadedCertificate } from "./loaded-certificate.js";

const BEGIN_CERTIFICATE = "-----BEGIN CERTIFICATE-----";
const END_CERTIFICATE = "-----END CERTIFICATE-----";

/**
 * Parses a PEM bundle holding a private key and its certificate (plus optional chain).
 * Key hygiene: the key is handed to OpenSSL inside the whole bundle (it skips the certificate
 * blocks), so no substring of it is made, and no RegExp ever runs on the bundle (V8 keeps the last
 * subject of a RegExp match reachable as RegExp.input). The caller drops the bundle afterwards.
 */
export function parsePemBundle(
  pem: string,
  version: string,
  where: string,
  passphrase?: string,
): LoadedCertificate {
  const certificates = certificateBlocks(pem);
  if (!pem.includes("PRIVATE KEY-----") || certificates.length === 0) {
    throw new CertificateError(
      "CERTIFICATE_INVALID",
      `${where} does not hold both a private key and a certificate in PEM form.`,
      {
        fix: "store the certificate with its private key (Key Vault does this for certificates it creates; for a file, concatenate key and certificate PEM).",
      },
    );
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(passphrase ? { key: pem, passphrase } : pem);
  } catch (error) {
    throw new CertificateError(
      "CERTIFICATE_INVALID",
      `${where}: the private key cannot be read (wrong or missing passphrase?).`,
      {
        cause: error,
        fix: "set ENTRA_MCP_CERT_PASSPHRASE to the key's passphrase, or export the key again.",
      },
    );
  }
  return fromKeyAndCertificates(key, certificates, version, where);
}

/** The certificate blocks of a PEM text (public material; found with indexOf, see parsePemBundle). */
function certificateBlocks(pem: string): string[] {
  const blocks: string[] = [];
  for (let at = pem.indexOf(BEGIN_CERTIFICATE); at >= 0; at = pem.indexOf(BEGIN_CERTIFICATE, at + 1)) {
    const end = pem.indexOf(END_CERTIFICATE, at);
    if (end < 0) break;
    blocks.push(pem.slice(at, end + END_CERTIFICATE.length));
  }
  return blocks;
}

/** Parses a base64 (or raw) PKCS#12 archive; Key Vault's PFX secrets use an empty password. */
export async function parsePkcs12(
  pfx: Buffer,
  version: string,
  where: string,
  password = "",
): Promise<LoadedCertificate> {
  const forge = (await import("node-forge")).default;
  // The key goes from forge to node:crypto as DER bytes (wiped after), never as a PEM string.
  let keyDer: Buffer | undefined;
  const certificates: string[] = [];
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(pfx.toString("binary")));
    const archive = forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
    for (const bagType of [forge.pki.oids.pkcs8ShroudedKeyBag, forge.pki.oids.keyBag] as string[]) {
      const bag = archive.getBags({ bagType })[bagType]?.find((entry) => entry.key);
      if (bag?.key && !keyDer)
        keyDer = Buffer.from(forge.asn1.toDer(forge.pki.privateKeyToAsn1(bag.key)).getBytes(), "binary");
    }
    const certBagType = forge.pki.oids.certBag as string;
    for (const bag of archive.getBags({ bagType: certBagType })[certBagType] ?? []) {
      if (bag.cert) certificates.push(forge.pki.certificateToPem(bag.cert));
    }
  } catch (error) {
    throw new CertificateError(
      "CERTIFICATE_INVALID",
      `${where} is not a readable PKCS#12 archive (wrong password?).`,
      {
        cause: error,
        fix: "check ENTRA_MCP_CERT_PASSPHRASE, or store the certificate with content type application/x-pem-file.",
      },
    );
  }
  if (!keyDer || certificates.length === 0) {
    keyDer?.fill(0);
    throw new CertificateError(
      "CERTIFICATE_INVALID",
      `${where} holds no private key (was the certificate created as non-exportable?).`,
      {
        fix: "create the Key Vault certificate with an exportable key (key_props.exportable=true).",
      },
    );
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: keyDer, format: "der", type: "pkcs1" });
  } finally {
    keyDer.fill(0);
  }
  return fromKeyAndCertificates(key, certificates, version, where);
}

function fromKeyAndCertificates(
  key: KeyObject,
  certificatePems: string[],
  version: string,
  where: string,
): LoadedCertificate {
  // The leaf is the certificate whose public key matches the private key; the rest is chain.
  const leaf = certificatePems
    .map((pem) => new X509Certificate(pem))
    .find((cert) => cert.checkPrivateKey(key));
  if (!leaf) {
    throw new CertificateError("CERTIFICATE_INVALID", `${where}: no certificate matches the private key.`, {
      fix: "store the private key together with its own certificate.",
    });
  }
  if (key.asymmetricKeyType !== "rsa" && key.asymmetricKeyType !== "rsa-pss") {
    throw new CertificateError(
      "CERTIFICATE_INVALID",
      `${where}: the key is ${key.asymmetricKeyType}, but Entra client assertions need RSA.`,
      {
        fix: "create the certificate with key type RSA (2048 bits or more).",
      },
    );
  }
  return {
    privateKey: key,
    thumbprint: leaf.fingerprint.replaceAll(":", ""),
    thumbprintSha256: leaf.fingerprint256.replaceAll(":", ""),
    x5c: leaf.toString(),
    notBefore: new Date(leaf.validFrom),
    notAfter: new Date(leaf.validTo),
    version,
  };
}
