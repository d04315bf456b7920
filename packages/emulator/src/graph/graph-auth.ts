import type { Context } from "hono";
import type { AccessTokenVerifier, EmulatorAccessTokenClaims } from "../entra/access-token-verifier.js";
import { graphError, insufficientPrivileges } from "./graph-errors.js";

const GRAPH_AUDIENCES = new Set([
  "https://graph.microsoft.com",
  "https://graph.microsoft.com/",
  "00000003-0000-0000-c000-000000000000",
]);

/** Permissions that allow an operation: application roles ("*" = any app) or delegated scopes. */
export interface GraphPermissionRule {
  roles: string[];
  scopes: string[];
}

/**
 * Authenticates a Graph request and checks permissions. Returns the token claims,
 * or the error Response Graph would send (401 token problems, 403 missing permission).
 */
export async function authorizeGraph(
  c: Context,
  verify: AccessTokenVerifier,
  rule: GraphPermissionRule,
): Promise<EmulatorAccessTokenClaims | Response> {
  const match = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "");
  if (!match?.[1]) return graphError(c, 401, "InvalidAuthenticationToken", "Access token is empty.");
  const claims = await verify(match[1]);
  if (!claims) {
    return graphError(c, 401, "InvalidAuthenticationToken", expiredOrInvalid(match[1]));
  }
  if (!GRAPH_AUDIENCES.has(claims.aud)) {
    return graphError(
      c,
      401,
      "InvalidAuthenticationToken",
      "Access token validation failure. Invalid audience.",
    );
  }
  const roles = claims.roles ?? [];
  const scopes = (claims.scp ?? "").split(" ").filter(Boolean);
  const allowed =
    claims.idtyp === "app"
      ? rule.roles.some((r) => r === "*" || roles.includes(r))
      : rule.scopes.some((s) => scopes.includes(s));
  return allowed ? claims : insufficientPrivileges(c);
}

function expiredOrInvalid(token: string): string {
  try {
    const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as {
      exp?: number;
    };
    if (typeof payload.exp === "number" && payload.exp * 1000 < Date.now()) {
      return "Lifetime validation failed, the token is expired.";
    }
  } catch {
    return "IDX14100: JWT is not well formed, there are no dots (.).";
  }
  return "Access token validation failure.";
}
