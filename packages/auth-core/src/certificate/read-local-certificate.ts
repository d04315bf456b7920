/**
 * The development alternative to Key Vault (the Learn page's path): a local PEM (key + certificate,
 * the key optionally passphrase-protected) or PFX file named by ENTRA_MCP_CERT_PATH.
 */
import { readFile } from "node:fs/promises";
import { CertificateError } from "../errors.js";
import type { LoadedCertificate } from "./loaded-certificate.js";
import { parsePemBundle, parsePkcs12 } from "./parse-certificate.js";

/** Reads and parses a local certificate file; the file is only read, never written. */
export async function readLocalCertificate(path: string, passphrase?: string): Promise<LoadedCertificate> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new CertificateError("CERTIFICATE_NOT_FOUND", `ENTRA_MCP_CERT_PATH: cannot read ${path}.`, {
      cause: error,
      fix: "point ENTRA_MCP_CERT_PATH at a PEM or PFX file, or unset it to use Key Vault.",
    });
  }
  const where = `ENTRA_MCP_CERT_PATH (${path})`;
  try {
    const text = bytes.toString("utf8");
    if (text.includes("-----BEGIN")) return parsePemBundle(text, "file", where, passphrase);
    return await parsePkcs12(bytes, "file", where, passphrase ?? "");
  } finally {
    bytes.fill(0); // key material: wipe the file's bytes rather than wait for the collector
  }
}
