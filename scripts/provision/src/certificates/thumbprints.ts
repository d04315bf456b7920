/** Certificate thumbprints, computed locally from public DER bytes (uppercase hex, like the portal). */
import { createHash } from "node:crypto";

export function thumbprintsOf(der: Buffer): { sha1: string; sha256: string } {
  return {
    sha1: createHash("sha1").update(der).digest("hex").toUpperCase(),
    sha256: createHash("sha256").update(der).digest("hex").toUpperCase(),
  };
}

/**
 * The SHA-1 thumbprint of a Graph keyCredential: from its `key` (base64 DER) when present, else from
 * customKeyIdentifier (base64 of the thumbprint bytes, or already hex).
 */
export function keyCredentialThumbprint(credential: {
  key?: string | null;
  customKeyIdentifier?: string | null;
}): string | undefined {
  if (credential.key) return thumbprintsOf(Buffer.from(credential.key, "base64")).sha1;
  const id = credential.customKeyIdentifier;
  if (!id) return undefined;
  if (/^[0-9a-f]{40}$/i.test(id)) return id.toUpperCase();
  const bytes = Buffer.from(id, "base64");
  return bytes.length === 20 ? bytes.toString("hex").toUpperCase() : undefined;
}
