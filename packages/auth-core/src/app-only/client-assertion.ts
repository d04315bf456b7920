/**
 * Signs the client assertion (RFC 7523 JWT, Microsoft's certificate-credential format) with the
 * certificate's KeyObject. Why by hand: MSAL's ClientAssertion / clientCertificate take the private
 * key only as a PEM string (and keep it on the object), which would put the key's text back in the
 * JS heap; MSAL's documented alternative is `clientAssertion` as a callback returning the signed
 * JWT, which is what this builds. Same header and claims as MSAL's: PS256 with x5t#S256 (and x5c
 * when asked), aud = token endpoint, iss = sub = client id, a fresh jti, 10 minutes of validity.
 */
import { constants, randomUUID, sign, X509Certificate } from "node:crypto";
import type { LoadedCertificate } from "../certificate/loaded-certificate.js";

export interface ClientAssertionOptions {
  /** Send the certificate in x5c (subject name + issuer authentication). */
  sendX5c?: boolean;
  /** Seconds since the epoch (tests); now by default. */
  now?: number;
}

const LIFETIME_SECONDS = 600;

/** A signed client assertion for `clientId` at `tokenEndpoint`. */
export function signClientAssertion(
  certificate: LoadedCertificate,
  clientId: string,
  tokenEndpoint: string,
  options: ClientAssertionOptions = {},
): string {
  const issuedAt = options.now ?? Math.floor(Date.now() / 1000);
  const header = {
    alg: "PS256",
    typ: "JWT",
    "x5t#S256": Buffer.from(certificate.thumbprintSha256, "hex").toString("base64url"),
    ...(options.sendX5c ? { x5c: [new X509Certificate(certificate.x5c).raw.toString("base64")] } : {}),
  };
  const claims = {
    aud: tokenEndpoint,
    iss: clientId,
    sub: clientId,
    jti: randomUUID(),
    nbf: issuedAt,
    iat: issuedAt,
    exp: issuedAt + LIFETIME_SECONDS,
  };
  const input = `${base64url(header)}.${base64url(claims)}`;
  const signature = sign("sha256", Buffer.from(input), {
    key: certificate.privateKey,
    padding: constants.RSA_PKCS1_PSS_PADDING,
    saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
  });
  return `${input}.${signature.toString("base64url")}`;
}

/** MSAL's `auth.clientAssertion` callback for a certificate the caller loads on demand. */
export function clientAssertionCallback(
  certificate: () => Promise<LoadedCertificate> | LoadedCertificate,
  options: Omit<ClientAssertionOptions, "now"> = {},
): (config: { clientId: string; tokenEndpoint?: string }) => Promise<string> {
  return async ({ clientId, tokenEndpoint }) => {
    // MSAL always passes the endpoint it posts to; the assertion's audience must be exactly that.
    if (!tokenEndpoint)
      throw new Error("MSAL asked for a client assertion without naming the token endpoint.");
    return signClientAssertion(await certificate(), clientId, tokenEndpoint, options);
  };
}

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}
