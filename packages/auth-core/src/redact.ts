/**
 * Redaction for everything we print, log or return: JWTs (tokens, client assertions, id tokens),
 * PEM blocks, long base64 runs (PFX / DER), and well-known secret-bearing fields.
 */

const PEM_BLOCK = /-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(-----END [A-Z0-9 ]+-----|$)/g;
// Three base64url segments, the first two starting like a JSON object ("ey").
const JWT = /\bey[A-Za-z0-9_-]{8,}\.ey[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;
// PFX/DER or other binary material rendered as base64: long runs only, so GUIDs and thumbprints survive.
const LONG_BASE64 = /[A-Za-z0-9+/]{200,}={0,2}/g;
const SECRET_FIELDS =
  /\b(access_token|refresh_token|id_token|client_assertion|client_secret|assertion|code_verifier|password|device_code|code)=([^&\s"']+)/gi;
const BEARER = /\b(Bearer)\s+[A-Za-z0-9._~+/-]+=*/g;

/** Returns `text` with token, assertion, key and certificate material replaced by markers. */
export function redact(text: string): string {
  return text
    .replace(PEM_BLOCK, "[redacted PEM]")
    .replace(JWT, "[redacted JWT]")
    .replace(BEARER, "$1 [redacted]")
    .replace(SECRET_FIELDS, "$1=[redacted]")
    .replace(LONG_BASE64, "[redacted base64]");
}
