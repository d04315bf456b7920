import type { Context } from "hono";
import type { EmulatorAccessTokenClaims } from "../entra/access-token-verifier.js";
import {
  audienceIn,
  type BearerFailure,
  hasAnyScope,
  isAppToken,
  type ResourceAuthDeps,
  readBearer,
  rolesOf,
} from "../http/bearer-auth.js";
import { graphError, insufficientPrivileges } from "./graph-errors.js";

const GRAPH_AUDIENCES = ["https://graph.microsoft.com", "00000003-0000-0000-c000-000000000000"];

/** Permissions that allow an operation: application roles ("*" = any app) or delegated scopes. */
export interface GraphPermissionRule {
  roles: string[];
  scopes: string[];
  /** A second rule that must hold too (Graph's "AppRoleAssignment.ReadWrite.All and Application.Read.All"). */
  requiresAlso?: GraphPermissionRule;
}

function satisfies(claims: EmulatorAccessTokenClaims, rule: GraphPermissionRule): boolean {
  const allowed = isAppToken(claims)
    ? rule.roles.some((r) => r === "*" || rolesOf(claims).includes(r))
    : hasAnyScope(claims, rule.scopes);
  return allowed && (!rule.requiresAlso || satisfies(claims, rule.requiresAlso));
}

const FAILURE_MESSAGES: Record<BearerFailure, string> = {
  missing: "Access token is empty.",
  malformed: "IDX14100: JWT is not well formed, there are no dots (.).",
  expired: "Lifetime validation failed, the token is expired.",
  invalid: "Access token validation failure.",
};

/**
 * Authenticates a Graph request and checks permissions the way Graph does: app tokens by
 * their roles claim, delegated tokens by scp. Returns the claims, or the error Response
 * Graph would send (401 token problems, 403 Authorization_RequestDenied).
 */
export async function authorizeGraph(
  c: Context,
  deps: ResourceAuthDeps,
  rule: GraphPermissionRule,
): Promise<EmulatorAccessTokenClaims | Response> {
  const bearer = await readBearer(c, deps);
  if (!bearer.ok) return graphError(c, 401, "InvalidAuthenticationToken", FAILURE_MESSAGES[bearer.reason]);
  const { claims } = bearer;
  if (!audienceIn(claims.aud, GRAPH_AUDIENCES)) {
    return graphError(
      c,
      401,
      "InvalidAuthenticationToken",
      "Access token validation failure. Invalid audience.",
    );
  }
  return satisfies(claims, rule) ? claims : insufficientPrivileges(c);
}
