import type { Context } from "hono";
import type { AccessTokenVerifier, EmulatorAccessTokenClaims } from "../entra/access-token-verifier.js";

/** Why a request's bearer token was not accepted; each API words these in its own error format. */
export type BearerFailure = "missing" | "malformed" | "expired" | "invalid";

export type BearerResult =
  | { ok: true; claims: EmulatorAccessTokenClaims }
  | { ok: false; reason: BearerFailure };

/** What every resource API's routes need to check a token. */
export interface ResourceAuthDeps {
  verifyAccessToken: AccessTokenVerifier;
  /** The emulator clock (tests skew it), so "expired" agrees with the verifier. */
  nowMs: () => number;
}

/**
 * Reads and verifies the Authorization header. A token that fails verification is
 * classified (expired vs. otherwise invalid) from its unverified payload, because
 * APIs answer the two differently (Power BI: 403 TokenExpired; Fabric: TokenExpired).
 */
export async function readBearer(c: Context, deps: ResourceAuthDeps): Promise<BearerResult> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "");
  const token = match?.[1];
  if (!token) return { ok: false, reason: "missing" };
  const claims = await deps.verifyAccessToken(token).catch(() => undefined);
  if (claims) return { ok: true, claims };
  return { ok: false, reason: classifyUnverified(token, deps.nowMs()) };
}

function classifyUnverified(token: string, nowMs: number): BearerFailure {
  const parts = token.split(".");
  if (parts.length !== 3) return "malformed";
  try {
    const payload = JSON.parse(Buffer.from(parts[1] ?? "", "base64url").toString("utf8")) as {
      exp?: unknown;
    };
    if (typeof payload.exp === "number" && payload.exp * 1000 <= nowMs) return "expired";
  } catch {
    return "malformed";
  }
  return "invalid";
}

/** True for an app-only token (client credentials), as Entra marks it with idtyp=app. */
export const isAppToken = (claims: EmulatorAccessTokenClaims): boolean => claims.idtyp === "app";

/** The delegated permissions (scp) of a user token. */
export const scopesOf = (claims: EmulatorAccessTokenClaims): string[] =>
  (claims.scp ?? "").split(" ").filter(Boolean);

/** The application permissions (roles) of an app token. */
export const rolesOf = (claims: EmulatorAccessTokenClaims): string[] => claims.roles ?? [];

/** True when some scope of the token is in `accepted` (case-insensitive, as resource APIs compare). */
export function hasAnyScope(claims: EmulatorAccessTokenClaims, accepted: string[]): boolean {
  const wanted = new Set(accepted.map((s) => s.toLowerCase()));
  return scopesOf(claims).some((s) => wanted.has(s.toLowerCase()));
}

/** Audience comparison that ignores a trailing slash (Entra issues both forms for some resources). */
export function audienceIn(aud: string, accepted: string[]): boolean {
  const clean = aud.replace(/\/+$/, "").toLowerCase();
  return accepted.some((a) => a.replace(/\/+$/, "").toLowerCase() === clean);
}
