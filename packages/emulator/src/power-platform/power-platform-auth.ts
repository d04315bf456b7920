import type { Context } from "hono";
import type { EmulatorAccessTokenClaims } from "../entra/access-token-verifier.js";
import {
  audienceIn,
  hasAnyScope,
  isAppToken,
  type ResourceAuthDeps,
  readBearer,
} from "../http/bearer-auth.js";
import type { PowerPlatformState } from "./power-platform-state.js";

export interface PowerPlatformDeps extends ResourceAuthDeps {
  powerPlatform: PowerPlatformState;
  tenantId: string;
  /** This origin's URL, for nextLink. */
  powerPlatformUrl: string;
}

/** Who may call one admin API: its token audiences and the delegated scopes it accepts. */
export interface AdminApiRule {
  audiences: string[];
  scopes: string[];
}

/** ARM-style error body, as both the Power Platform API and BAP answer. */
export const armError = (c: Context, status: 400 | 401 | 403 | 404, code: string, message: string) =>
  c.json({ error: { code, message } }, status);

/**
 * Token checks in the ARM style these APIs share (InvalidAuthenticationToken,
 * ExpiredAuthenticationToken, InvalidAuthenticationTokenAudience). App tokens carry no roles
 * here: a service principal must be registered as a management application, else 403
 * Forbidden "The service principal ... does not have permission to access the path ...".
 */
export async function authorizeAdminApi(
  c: Context,
  deps: PowerPlatformDeps,
  rule: AdminApiRule,
): Promise<EmulatorAccessTokenClaims | Response> {
  const bearer = await readBearer(c, deps);
  if (!bearer.ok) {
    if (bearer.reason === "expired") {
      const now = new Date(deps.nowMs()).toISOString();
      return armError(
        c,
        401,
        "ExpiredAuthenticationToken",
        `The access token expiry UTC time is earlier than current UTC time '${now}'.`,
      );
    }
    const message =
      bearer.reason === "missing"
        ? "The request is missing an access token."
        : "The access token is invalid or its signature could not be verified.";
    return armError(c, 401, "InvalidAuthenticationToken", message);
  }
  const { claims } = bearer;
  if (!audienceIn(claims.aud, rule.audiences)) {
    return armError(
      c,
      401,
      "InvalidAuthenticationTokenAudience",
      `The access token has been obtained for wrong audience or resource '${claims.aud}'. It should exactly match one of the allowed audiences '${rule.audiences[0]}'.`,
    );
  }
  const path = `${deps.powerPlatformUrl}${c.req.path}`;
  if (isAppToken(claims)) {
    if (deps.powerPlatform.isManagementApp(claims.appid)) return claims;
    return armError(
      c,
      403,
      "Forbidden",
      `The service principal with id '${claims.oid}' for application ${claims.appid ?? ""} does not have permission to access the path '${path}' in tenant ${deps.tenantId}.`,
    );
  }
  if (!hasAnyScope(claims, rule.scopes)) {
    return armError(
      c,
      403,
      "Forbidden",
      `The caller does not have a required scope (${rule.scopes.join(" or ")}) to access the path '${path}'.`,
    );
  }
  return claims;
}

/** The api-version query parameter: required, and one of the versions the API serves. */
export function checkApiVersion(c: Context, supported: string[]): Response | undefined {
  const version = c.req.query("api-version");
  if (version === undefined) {
    return armError(
      c,
      400,
      "MissingApiVersionParameter",
      "The api-version query parameter (?api-version=) is required for all requests.",
    );
  }
  if (!supported.includes(version)) {
    return armError(
      c,
      400,
      "InvalidApiVersionParameter",
      `The api-version '${version}' is invalid. The supported versions are '${supported.join(",")}'.`,
    );
  }
  return undefined;
}
