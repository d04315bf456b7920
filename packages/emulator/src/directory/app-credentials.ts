import { certificateFromPem } from "../certs/certificate-material.js";
import { newGuid, opaqueToken } from "../ids.js";
import type { KeyCredential, PasswordCredential } from "./directory-types.js";

/** A key credential as Entra stores it: only the certificate's public parts and validity. */
export function keyCredentialFrom(
  certificatePem: string,
  opts: { displayName?: string; keyId?: string } = {},
): KeyCredential {
  const cert = certificateFromPem(certificatePem);
  return {
    keyId: opts.keyId ?? newGuid(),
    displayName: opts.displayName ?? cert.subject,
    thumbprintSha1Hex: cert.thumbprintSha1Hex,
    thumbprintSha256Hex: cert.thumbprintSha256Hex,
    publicKey: cert.publicKey,
    startDateTime: cert.notBefore,
    endDateTime: cert.notAfter,
  };
}

/** A client secret; the value is random unless given, shaped like Entra's (40 chars, "~" fourth). */
export function passwordCredentialFrom(
  now: Date,
  opts: { secret?: string; displayName?: string; endDateTime?: Date } = {},
): PasswordCredential {
  const secret = opts.secret ?? `${opaqueToken(3).slice(0, 3)}~${opaqueToken(27).slice(0, 36)}`;
  return {
    keyId: newGuid(),
    displayName: opts.displayName ?? "secret",
    secret,
    hint: secret.slice(0, 3),
    startDateTime: now,
    endDateTime: opts.endDateTime ?? new Date(now.getTime() + 180 * 86_400_000),
  };
}
