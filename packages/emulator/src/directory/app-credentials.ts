import { certificateFromPem } from "../certs/certificate-material.js";
import { newGuid, opaqueToken } from "../ids.js";
import type { AppRegistration, KeyCredential, PasswordCredential } from "./directory-types.js";

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
    certificateDerBase64: cert.derBase64,
    publicKey: cert.publicKey,
    startDateTime: cert.notBefore,
    endDateTime: cert.notAfter,
  };
}

/** The PEM of a base64 DER certificate, as Graph receives keyCredentials[].key. */
export function pemFromDerBase64(derBase64: string): string {
  const body =
    derBase64
      .replace(/\s+/g, "")
      .match(/.{1,64}/g)
      ?.join("\n") ?? "";
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
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

/** Removes a certificate credential by keyId or by SHA-1/SHA-256 thumbprint (hex, any case). */
export function removeKeyCredentialFrom(app: AppRegistration, keyIdOrThumbprint: string): void {
  const id = keyIdOrThumbprint.toUpperCase();
  const before = app.keyCredentials.length;
  app.keyCredentials = app.keyCredentials.filter(
    (k) => k.keyId.toUpperCase() !== id && k.thumbprintSha1Hex !== id && k.thumbprintSha256Hex !== id,
  );
  if (app.keyCredentials.length === before) {
    throw new Error(`directory: app ${app.clientId} has no key credential ${keyIdOrThumbprint}.`);
  }
}
