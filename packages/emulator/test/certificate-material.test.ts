import { createHash, createPrivateKey, X509Certificate } from "node:crypto";
import forge from "node-forge";
import { describe, expect, it } from "vitest";
import {
  certificateFromPem,
  createSelfSignedCertificate,
  toPkcs12Base64,
} from "../src/certs/certificate-material.js";
import { openPfx } from "./support/open-pfx.js";

describe("certificate material", () => {
  it("derives thumbprints and x5t values from the DER", () => {
    const m = createSelfSignedCertificate({});
    const der = Buffer.from(m.derBase64, "base64");
    expect(m.thumbprintSha1Hex).toBe(createHash("sha1").update(der).digest("hex").toUpperCase());
    expect(m.thumbprintSha256Hex).toBe(createHash("sha256").update(der).digest("hex").toUpperCase());
    expect(m.x5t).toBe(createHash("sha1").update(der).digest("base64url"));
    expect(m.x5tS256).toBe(createHash("sha256").update(der).digest("base64url"));
    expect(m.subject).toBe("CN=entra-mcp");
    expect(m.privateKeyPem.startsWith("-----BEGIN PRIVATE KEY-----")).toBe(true);
    const x509 = new X509Certificate(m.certificatePem);
    expect(x509.checkPrivateKey(createPrivateKey(m.privateKeyPem))).toBe(true);
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(x509.serialNumber.toUpperCase()).toBe(m.serialNumber);
  });

  it("honours subject, validity, notBefore and key size", () => {
    const notBefore = new Date("2030-01-15T00:00:00Z");
    const m = createSelfSignedCertificate({
      subject: "CN=x, O=y",
      validityMonths: 3,
      notBefore,
      keySize: 3072,
    });
    expect(m.subject).toBe("CN=x, O=y");
    expect(m.notBefore.toISOString()).toBe(notBefore.toISOString());
    expect(m.notAfter.toISOString()).toBe("2030-04-15T00:00:00.000Z");
    expect(m.publicKey.asymmetricKeyDetails?.modulusLength).toBe(3072);
  });

  it("backdates nbf by ten minutes and runs validityMonths from now by default", () => {
    const before = Date.now();
    const m = createSelfSignedCertificate({ validityMonths: 12 });
    // Certificate times have one-second resolution.
    expect(before - m.notBefore.getTime()).toBeGreaterThanOrEqual(10 * 60 * 1000 - 1000);
    expect(before - m.notBefore.getTime()).toBeLessThan(10 * 60 * 1000 + 5000);
    const days = (m.notAfter.getTime() - before) / 86_400_000;
    expect(days).toBeGreaterThan(364);
    expect(days).toBeLessThan(367);
  });

  it("issues a server certificate signed by a CA, with IP and DNS subjectAltNames", () => {
    const ca = createSelfSignedCertificate({ subject: "CN=test CA", isCa: true });
    const leaf = createSelfSignedCertificate({
      subject: "CN=127.0.0.1",
      altNames: ["127.0.0.1", "localhost"],
      issuer: ca,
    });
    const x509 = new X509Certificate(leaf.certificatePem);
    const caX509 = new X509Certificate(ca.certificatePem);
    expect(caX509.ca).toBe(true);
    expect(x509.ca).toBe(false);
    expect(x509.issuer).toBe("CN=test CA");
    expect(x509.verify(caX509.publicKey)).toBe(true);
    expect(x509.checkIssued(caX509)).toBe(true);
    expect(x509.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(x509.checkHost("localhost")).toBe("localhost");
  });

  it("parses a public PEM into the same description without a private key", () => {
    const m = createSelfSignedCertificate({ subject: "CN=parsed" });
    const parsed = certificateFromPem(m.certificatePem);
    expect(parsed.privateKeyPem).toBeUndefined();
    expect(parsed.x5t).toBe(m.x5t);
    expect(parsed.thumbprintSha256Hex).toBe(m.thumbprintSha256Hex);
    expect(parsed.subject).toBe("CN=parsed");
    expect(parsed.notAfter.getTime()).toBe(m.notAfter.getTime());
    expect(parsed.serialNumber).toBe(m.serialNumber);
  });

  it("exports a 3DES PKCS#12 that opens with the given password only", () => {
    const m = createSelfSignedCertificate({});
    const der = forge.util.decode64(toPkcs12Base64(m, "s3cret"));
    expect(() => forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der), "wrong")).toThrow();
    const { keyPem, certPem } = openPfx(toPkcs12Base64(m, "s3cret"), "s3cret");
    expect(new X509Certificate(certPem).checkPrivateKey(createPrivateKey(keyPem))).toBe(true);
    expect(new X509Certificate(certPem).fingerprint256.replaceAll(":", "")).toBe(m.thumbprintSha256Hex);
    // The key bag is encrypted with pbeWithSHAAnd3-KeyTripleDES-CBC, as in Key Vault's exports.
    expect(der.includes(forge.asn1.oidToDer("1.2.840.113549.1.12.1.3").getBytes())).toBe(true);
  });
});
