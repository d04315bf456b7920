/**
 * `createInboundValidator(config)`: checks the bearer token an MCP client sends, as an OAuth 2.1
 * resource server does (MCP authorization, 2025-11-25): RS256 only, signed by a key in the tenant's
 * JWKS, v2.0 issuer of this tenant, audience this API, exp/nbf with a small skew, tid this tenant,
 * then `scp` (users) or `roles` (apps, only when an app role is configured). Errors are
 * InboundAuthError (401 invalid_token / 403 insufficient_scope) and never contain the token.
 */
import type { JWTPayload } from "jose";
import { redact } from "../redact.js";
import { insufficientScope, invalidToken } from "./inbound-auth-error.js";
import type { InboundAuthConfig } from "./inbound-config.js";
import type { InboundUser } from "./inbound-user.js";
import { type TenantKeys, tenantKeys } from "./jwks-keys.js";

// jose is loaded on the first request, not at import: the barrel stays cheap for stdio servers.
type Jose = typeof import("jose");
let jose: Promise<Jose> | undefined;
const loadJose = () => {
  jose ??= import("jose");
  return jose;
};

export interface InboundValidator {
  validate(authorizationHeader: string | undefined): Promise<InboundUser>;
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
/** Tokens bigger than this are not Entra access tokens; refusing them early bounds the work per request. */
const MAX_TOKEN_LENGTH = 16_384;
const GET_NEW_TOKEN = "sign in again in the MCP client to get a new token";
/**
 * A token that passed every check is not verified again for this long (while it has not expired): an
 * MCP client sends the same token with every request, and the RS256 verification plus the claim checks
 * were ~0.15 ms of a ~5 ms warm call (CPU profile of graph --http). Short, so that a signing key the
 * tenant withdraws stops being honoured within minutes, as jose's JWKS cooldown allows anyway.
 */
const VERIFIED_REUSE_MS = 5 * 60 * 1000;
/** Most verified tokens remembered (one or two per active user); the oldest goes first. */
const MAX_VERIFIED = 5000;

/** v2.0 issuer of `tenantId` at `authorityHost`, e.g. https://login.microsoftonline.com/<tid>/v2.0. */
export function tenantIssuer(config: Pick<InboundAuthConfig, "authorityHost" | "tenantId">): string {
  return `${config.authorityHost}/${config.tenantId}/v2.0`;
}

export function createInboundValidator(config: InboundAuthConfig): InboundValidator {
  const issuer = tenantIssuer(config);
  // One key set per validator, created once even when the first requests arrive together.
  let keySet: Promise<TenantKeys> | undefined;
  const floorMs = (config.jwksRefreshFloorSec ?? 30) * 1000;
  // jose's floor applies after a successful fetch; this one also spaces out retries after a failed
  // fetch, so an unreachable JWKS endpoint does not turn every request into one more fetch.
  let failedAt = Number.NEGATIVE_INFINITY;
  const audiences = config.audiences.map((a) => a.toLowerCase());
  const verified = new Map<string, { user: InboundUser; expMs: number; reuseUntil: number }>();

  return {
    async validate(header) {
      const token = bearerToken(header);
      const now = Date.now();
      const known = verified.get(token);
      if (known && now < known.expMs && now < known.reuseUntil) return known.user;
      if (known) verified.delete(token);
      const { decodeJwt, decodeProtectedHeader, errors, jwtVerify } = await loadJose();
      keySet ??= tenantKeys(config.authorityHost, config.tenantId, {
        refreshFloorSec: config.jwksRefreshFloorSec ?? 30,
      });
      const keys = await keySet;
      let protectedHeader: ReturnType<typeof decodeProtectedHeader>;
      try {
        protectedHeader = decodeProtectedHeader(token);
      } catch {
        throw invalidToken(`The bearer token is not a JWT (its header does not decode); ${GET_NEW_TOKEN}.`);
      }
      if (protectedHeader.alg !== "RS256") {
        throw invalidToken(
          `The token is signed with alg ${printable(String(protectedHeader.alg))}; this server accepts only RS256 tokens issued by Entra ID (${issuer}).`,
        );
      }
      if (Date.now() - failedAt < floorMs) {
        throw invalidToken(
          `The tenant's signing keys could not be fetched a moment ago; retry in ${Math.ceil(floorMs / 1000)} s.`,
        );
      }
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          algorithms: ["RS256"],
          issuer,
          clockTolerance: config.clockSkewSec ?? 60,
          requiredClaims: ["exp", "tid"],
        }));
      } catch (error) {
        if (error instanceof errors.JWKSTimeout || isFetchFailure(error, errors)) failedAt = Date.now();
        throw describeFailure(error, issuer, protectedHeader.kid, unverifiedIssuer(decodeJwt, token), errors);
      }
      // jose compares aud exactly; Entra writes the client id lower-case, operators may not.
      const aud = (Array.isArray(payload.aud) ? payload.aud : [payload.aud ?? ""]).map((a) =>
        String(a).toLowerCase(),
      );
      if (!aud.some((a) => audiences.includes(a))) {
        throw invalidToken(
          `The token is for audience ${printable(aud.join(", "))}, not this server's API (${config.audiences.join(" or ")}); the MCP client must ask for the scope ${config.audiences[0]}/${config.requiredScope}.`,
        );
      }
      const tid = String(payload.tid ?? "").toLowerCase();
      if (tid !== config.tenantId.toLowerCase()) {
        throw invalidToken(
          `The token is from tenant ${printable(tid)}, not ${config.tenantId}; sign in with an account of that tenant.`,
        );
      }
      const user = authorize(payload, token, config);
      // exp is required (requiredClaims); honoured here without the clock skew, to stay on the safe side.
      verified.set(token, { user, expMs: Number(payload.exp) * 1000, reuseUntil: now + VERIFIED_REUSE_MS });
      if (verified.size > MAX_VERIFIED) {
        const oldest = verified.keys().next().value;
        if (oldest !== undefined) verified.delete(oldest);
      }
      return user;
    },
  };
}

function bearerToken(header: string | undefined): string {
  if (header === undefined || header.trim() === "")
    throw invalidToken(`No bearer token: send "Authorization: Bearer <access token>" (${GET_NEW_TOKEN}).`);
  const match = /^Bearer +(\S+)\s*$/i.exec(header);
  if (!match?.[1])
    throw invalidToken('The Authorization header is not "Bearer <access token>" (one token, Bearer scheme).');
  const token = match[1];
  if (token.length > MAX_TOKEN_LENGTH || !JWT_SHAPE.test(token))
    throw invalidToken(`The bearer token is not a JWT (three base64url parts); ${GET_NEW_TOKEN}.`);
  return token;
}

function authorize(payload: JWTPayload, token: string, config: InboundAuthConfig): InboundUser {
  const scp = typeof payload.scp === "string" ? payload.scp.split(" ").filter(Boolean) : [];
  const roles = Array.isArray(payload.roles)
    ? payload.roles.filter((r): r is string => typeof r === "string")
    : [];
  const oid = typeof payload.oid === "string" ? payload.oid : "";
  if (!oid)
    throw invalidToken("The token has no oid claim, so the caller cannot be identified; sign in again.");
  // Entra's app-only tokens have no scp (and idtyp "app" when that optional claim is on).
  const isApp = payload.idtyp === "app" || (scp.length === 0 && payload.idtyp !== "user");
  const base = {
    oid,
    tid: String(payload.tid).toLowerCase(),
    ...(typeof payload.azp === "string" ? { clientAppId: payload.azp } : {}),
    scopes: scp,
    roles,
    assertion: token,
  };
  if (isApp) {
    if (!config.appRole)
      throw insufficientScope(
        "The token is an app-only token, and this server accepts users only; sign in as a user, or the operator sets ENTRA_MCP_APP_ROLE (e.g. MCP.Invoke) to let apps call as themselves.",
      );
    if (!roles.includes(config.appRole))
      throw insufficientScope(
        `The calling app lacks the app role ${config.appRole} on this API; an admin assigns it (Enterprise applications > the API > Users and groups, or \`az ad app permission add\` + admin consent).`,
      );
    return { ...base, kind: "app" };
  }
  if (!scp.includes(config.requiredScope))
    throw insufficientScope(
      `The token lacks the scope ${config.requiredScope} (it has: ${printable(scp.join(" ")) || "none"}); the MCP client must ask for ${config.audiences[0]}/${config.requiredScope}.`,
    );
  return {
    ...base,
    kind: "user",
    ...(typeof payload.name === "string" ? { name: payload.name } : {}),
    ...(typeof payload.preferred_username === "string" ? { username: payload.preferred_username } : {}),
  };
}

function describeFailure(
  error: unknown,
  issuer: string,
  kid: string | undefined,
  claimed: string | undefined,
  errors: Jose["errors"],
) {
  if (error instanceof errors.JWTExpired)
    return invalidToken(`The token expired${expiry(error.payload)}; ${GET_NEW_TOKEN}.`);
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "iss")
      return invalidToken(
        `The token was issued by ${printable(String(error.payload.iss ?? "nobody"))}, not by this tenant's Entra ID (${issuer}); sign in with an account of this tenant, through an app that gets v2.0 tokens for this API.`,
      );
    if (error.claim === "nbf")
      return invalidToken("The token is not valid yet (nbf is in the future); check this server's clock.");
    return invalidToken(
      `The token's ${printable(error.claim)} claim is ${error.reason === "missing" ? "missing" : "not valid"}; ${GET_NEW_TOKEN}.`,
    );
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    // The usual cause is another tenant's token (signed with that tenant's keys). The unverified
    // issuer is read only to say so; nothing else is trusted from a token that did not verify.
    if (claimed && claimed !== issuer)
      return invalidToken(
        `The token was issued by ${printable(claimed)}, not by this tenant's Entra ID (${issuer}); sign in with an account of this tenant.`,
      );
    return invalidToken(
      `The token's signing key (kid ${printable(kid ?? "none")}) is not among this tenant's published keys (${issuer}); ${GET_NEW_TOKEN}.`,
    );
  }
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return invalidToken(`The token's signature does not verify with the tenant's key; ${GET_NEW_TOKEN}.`);
  if (error instanceof errors.JOSEAlgNotAllowed)
    return invalidToken(
      "The token's algorithm is not accepted; this server accepts only RS256 tokens from Entra ID.",
    );
  if (error instanceof errors.JWKSTimeout || isFetchFailure(error, errors))
    return invalidToken("The tenant's signing keys could not be fetched from Entra ID; retry shortly.");
  return invalidToken(
    `The token is not valid (${printable(error instanceof Error ? error.message : String(error))}); ${GET_NEW_TOKEN}.`,
  );
}

function unverifiedIssuer(decodeJwt: Jose["decodeJwt"], token: string): string | undefined {
  try {
    const iss = decodeJwt(token).iss;
    return typeof iss === "string" ? iss : undefined;
  } catch {
    return undefined;
  }
}

function isFetchFailure(error: unknown, errors: Jose["errors"]): boolean {
  return (
    error instanceof TypeError || (error instanceof errors.JOSEError && error.code === "ERR_JOSE_GENERIC")
  );
}

function expiry(payload: JWTPayload): string {
  return typeof payload.exp === "number" ? ` at ${new Date(payload.exp * 1000).toISOString()}` : "";
}

/** Attacker-chosen claim values go into messages: printable ASCII only, short, and redacted. */
function printable(value: string): string {
  return redact(value.replace(/[^\x20-\x7e]/g, "?").slice(0, 200));
}
