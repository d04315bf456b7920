import type { DirectoryState } from "../directory/directory-state.js";
import type { DirectoryUser } from "../directory/directory-types.js";
import { aad } from "./aad-errors.js";
import type { ResolvedResource } from "./resource-resolution.js";

/**
 * The authentication methods a token for `resource` will carry: an interactive sign-in
 * performs MFA when a policy covers the resource (the user is prompted), a non-interactive
 * one keeps what the session had.
 */
export function sessionAmr(
  directory: DirectoryState,
  user: DirectoryUser,
  resource: ResolvedResource | undefined,
  amr: string[],
  interactive: boolean,
): string[] {
  if (!interactive || amr.includes("mfa") || !resource) return amr;
  return directory.conditionalAccess.policyFor(user.oid, resource.sp.appId) ? [...amr, "mfa"] : amr;
}

/**
 * Throws AADSTS50076 (interaction_required) with a claims challenge naming the policy when
 * the user must have done MFA for `resource` and this session has not, as Entra answers a
 * password, refresh token or On-Behalf-Of request then.
 */
export function requireMfaSatisfied(
  directory: DirectoryState,
  user: DirectoryUser,
  resource: ResolvedResource | undefined,
  amr: string[],
): void {
  if (!resource || amr.includes("mfa")) return;
  const policy = directory.conditionalAccess.policyFor(user.oid, resource.sp.appId);
  if (!policy) return;
  const claims = JSON.stringify({ access_token: { capolids: { essential: true, values: [policy.id] } } });
  throw aad.mfaRequired(resource.sp.appId, claims);
}

/** True when an authorize request's `claims` asks for a policy or an authentication strength (MFA at sign-in). */
export function claimsRequestStepUp(claims: string | null): boolean {
  if (!claims) return false;
  try {
    const accessToken = (JSON.parse(claims) as { access_token?: Record<string, unknown> }).access_token ?? {};
    return ["capolids", "polids", "acrs", "amr"].some((key) => key in accessToken);
  } catch {
    return false;
  }
}
