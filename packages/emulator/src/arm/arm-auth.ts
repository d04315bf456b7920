import type { Context } from "hono";
import type { DirectoryState } from "../directory/directory-state.js";
import type { EmulatorAccessTokenClaims } from "../entra/access-token-verifier.js";
import { audienceIn, type ResourceAuthDeps, readBearer } from "../http/bearer-auth.js";
import { newGuid } from "../ids.js";
import type { KeyVaultState } from "../keyvault/key-vault-state.js";
import type { RoleAssignmentStore } from "./role-assignment-store.js";

/** What the Azure Resource Manager routes need. */
export interface ArmDeps extends ResourceAuthDeps {
  /** This origin's URL (https://127.0.0.1:PORT), for nextLink. */
  armUrl: string;
  /** For the authorization_uri of 401 challenges. */
  loginUrl: string;
  tenantId: string;
  subscriptionDisplayName: string;
  /** The one vault (its subscription and resource group are the subscription's). */
  vault: KeyVaultState;
  roleAssignments: RoleAssignmentStore;
  directory: DirectoryState;
}

const ARM_AUDIENCES = [
  "https://management.azure.com",
  "https://management.core.windows.net",
  "797f4846-ba00-4fd7-ba43-dac1f8f63013",
];

/** ARM's JSON answer with its request-id headers. */
export function armJson(c: Context, body: unknown, status: 200 | 201 | 400 | 401 | 403 | 404 | 409 = 200) {
  const requestId = newGuid();
  return c.json(body, status, {
    "x-ms-request-id": requestId,
    "x-ms-correlation-request-id": c.req.header("x-ms-correlation-request-id") ?? requestId,
  });
}

/** ARM's error envelope: {"error":{"code","message"}}. */
export const armError = (c: Context, status: 400 | 401 | 403 | 404 | 409, code: string, message: string) =>
  armJson(c, { error: { code, message } }, status);

/**
 * Bearer checks in ARM's words: AuthenticationFailed (no header), InvalidAuthenticationToken,
 * ExpiredAuthenticationToken, InvalidAuthenticationTokenAudience; each 401 carries a challenge.
 */
export async function authenticateArm(
  c: Context,
  deps: ArmDeps,
): Promise<EmulatorAccessTokenClaims | Response> {
  const challenge = (code: string, message: string) => {
    const res = armError(c, 401, code, message);
    res.headers.set(
      "WWW-Authenticate",
      `Bearer authorization_uri="${deps.loginUrl}/${deps.tenantId}", error="invalid_token", error_description="${message}"`,
    );
    return res;
  };
  const bearer = await readBearer(c, deps);
  if (!bearer.ok) {
    if (bearer.reason === "missing")
      return challenge(
        "AuthenticationFailed",
        "Authentication failed. The 'Authorization' header is missing.",
      );
    if (bearer.reason === "expired") {
      const now = new Date(deps.nowMs()).toISOString();
      return challenge(
        "ExpiredAuthenticationToken",
        `The access token expiry UTC time is earlier than current UTC time '${now}'.`,
      );
    }
    return challenge("InvalidAuthenticationToken", "The access token is invalid.");
  }
  if (!audienceIn(bearer.claims.aud, ARM_AUDIENCES)) {
    return challenge(
      "InvalidAuthenticationTokenAudience",
      `The access token has been obtained for wrong audience or resource '${bearer.claims.aud}'. It should exactly match with one of the allowed audiences 'https://management.core.windows.net/','https://management.core.windows.net','https://management.azure.com/','https://management.azure.com'.`,
    );
  }
  return bearer.claims;
}

/** The caller's id in ARM messages: a user's UPN, a service principal's object id. */
const callerName = (claims: EmulatorAccessTokenClaims) =>
  claims.idtyp === "app" ? claims.oid : typeof claims.upn === "string" ? claims.upn : claims.oid;

/** 403 AuthorizationFailed, worded as ARM words it. */
export function authorizationFailed(
  c: Context,
  claims: EmulatorAccessTokenClaims,
  action: string,
  scope: string,
) {
  return armError(
    c,
    403,
    "AuthorizationFailed",
    `The client '${callerName(claims)}' with object id '${claims.oid}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
}

/** The 403 to send unless the caller's role assignments grant `action` at `scope`. */
export function requireAction(
  c: Context,
  deps: ArmDeps,
  claims: EmulatorAccessTokenClaims,
  action: string,
  scope: string,
): Response | undefined {
  if (deps.roleAssignments.allows(claims.oid, scope, action, "action")) return undefined;
  return authorizationFailed(c, claims, action, scope);
}
