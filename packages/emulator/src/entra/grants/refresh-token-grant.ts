import { aad } from "../aad-errors.js";
import type { AuthenticatedClient } from "../client-authentication.js";
import { issueDelegatedTokens } from "../delegated-tokens.js";
import type { LoginContext } from "../login-context.js";

/**
 * refresh_token: refresh tokens are multi-resource, so MSAL uses one for any
 * consented resource; consent is re-checked on every use (revocation shows up here).
 */
export async function refreshTokenGrant(
  ctx: LoginContext,
  form: URLSearchParams,
  client: AuthenticatedClient,
): Promise<Record<string, unknown>> {
  const token = form.get("refresh_token");
  if (!token) throw aad.missingParameter("refresh_token");
  const grant = ctx.grants.getRefreshToken(token);
  if (!grant || grant.revoked || grant.clientId !== client.app.clientId)
    throw aad.invalidGrant("refresh_token");
  const user = ctx.directory.getUser(grant.userOid);
  if (!user) throw aad.invalidGrant("refresh_token");
  const scope = form.get("scope");
  if (!scope) throw aad.missingParameter("scope");
  return issueDelegatedTokens(ctx, { client, user, scope, amr: grant.amr });
}
