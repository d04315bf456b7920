import { constants, verify } from "node:crypto";
import type { DirectoryState } from "../directory/directory-state.js";
import type { AppRegistration, KeyCredential } from "../directory/directory-types.js";
import { aad } from "./aad-errors.js";
import type { GrantStore } from "./grant-store.js";

export const JWT_BEARER_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

interface AssertionHeader {
  alg?: string;
  x5t?: string;
  "x5t#S256"?: string;
}

interface AssertionClaims {
  aud?: string | string[];
  iss?: string;
  sub?: string;
  exp?: number;
  nbf?: number;
  jti?: string;
}

export interface AssertionContext {
  directory: DirectoryState;
  grants: GrantStore;
  /** Audiences Entra accepts: the token endpoint URL(s) and the issuer. */
  acceptedAudiences: string[];
}

/**
 * Verifies a private_key_jwt client assertion the way Entra does: find the registered
 * certificate by thumbprint (x5t#S256 with PS256, x5t with RS256), check the signature,
 * iss/sub, aud and the time window. Throws AadError on failure.
 */
export function verifyClientAssertion(assertion: string, app: AppRegistration, ctx: AssertionContext): void {
  const parts = assertion.split(".");
  if (parts.length !== 3) throw aad.assertionMalformed("The client assertion is not a compact JWS.");
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson<AssertionHeader>(headerPart, "header");
  const claims = decodeJson<AssertionClaims>(payloadPart, "payload");

  const { key, thumbprintHex } = findKey(app, header);
  if (!key) throw aad.certificateNotRegistered(app.clientId, thumbprintHex);
  const signedInput = Buffer.from(`${headerPart}.${payloadPart}`);
  const signature = Buffer.from(signaturePart, "base64url");
  const verifyKey =
    header.alg === "PS256"
      ? {
          key: key.publicKey,
          padding: constants.RSA_PKCS1_PSS_PADDING,
          saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
        }
      : key.publicKey;
  if (!verify("sha256", signedInput, verifyKey, signature)) {
    throw aad.signatureInvalid(app.clientId, thumbprintHex ?? "", key.startDateTime, key.endDateTime);
  }

  if (claims.iss?.toLowerCase() !== app.clientId || claims.sub?.toLowerCase() !== app.clientId) {
    throw aad.assertionSubject();
  }
  const audiences = (Array.isArray(claims.aud) ? claims.aud : [claims.aud]).map((a) => a?.toLowerCase());
  if (!ctx.acceptedAudiences.some((accepted) => audiences.includes(accepted.toLowerCase()))) {
    throw aad.assertionAudience();
  }

  const now = ctx.directory.clock.nowSeconds();
  const tolerance = ctx.directory.settings.clockToleranceSeconds;
  if (typeof claims.exp !== "number") throw aad.assertionMalformed("The client assertion has no exp claim.");
  const nbf = typeof claims.nbf === "number" ? claims.nbf : 0;
  if (now + tolerance < nbf || now - tolerance > claims.exp) {
    throw aad.assertionTimeRange(new Date(now * 1000), new Date(nbf * 1000), new Date(claims.exp * 1000));
  }

  if (claims.jti) {
    const fresh = ctx.grants.rememberJti(`${app.clientId}:${claims.jti}`, claims.exp, now);
    if (!fresh && ctx.directory.settings.rejectAssertionReplay) throw aad.assertionReplayed();
  }
}

function findKey(
  app: AppRegistration,
  header: AssertionHeader,
): { key: KeyCredential | undefined; thumbprintHex: string | undefined } {
  if (header.alg !== "PS256" && header.alg !== "RS256") {
    return { key: undefined, thumbprintHex: undefined };
  }
  const s256 = header["x5t#S256"];
  if (s256) {
    const hex = Buffer.from(s256, "base64url").toString("hex").toUpperCase();
    return { key: app.keyCredentials.find((k) => k.thumbprintSha256Hex === hex), thumbprintHex: hex };
  }
  if (header.x5t) {
    const hex = Buffer.from(header.x5t, "base64url").toString("hex").toUpperCase();
    return { key: app.keyCredentials.find((k) => k.thumbprintSha1Hex === hex), thumbprintHex: hex };
  }
  return { key: undefined, thumbprintHex: undefined };
}

function decodeJson<T>(part: string, what: string): T {
  try {
    const value = JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as unknown;
    if (typeof value !== "object" || value === null) throw new Error("not an object");
    return value as T;
  } catch {
    throw aad.assertionMalformed(`The client assertion ${what} is not valid base64url JSON.`);
  }
}
