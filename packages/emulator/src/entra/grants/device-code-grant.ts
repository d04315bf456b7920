import { aad } from "../aad-errors.js";
import type { AuthenticatedClient } from "../client-authentication.js";
import { issueDelegatedTokens } from "../delegated-tokens.js";
import type { LoginContext } from "../login-context.js";

/** device_code polling: pending until someone signs in on /devicelogin, then tokens once. */
export async function deviceCodeGrant(
  ctx: LoginContext,
  form: URLSearchParams,
  client: AuthenticatedClient,
): Promise<Record<string, unknown>> {
  // A confidential-only app (public client flows disabled) must authenticate.
  if (client.method === "none" && !client.app.isFallbackPublicClient) throw aad.credentialRequired();
  const deviceCode = form.get("device_code") ?? form.get("code");
  if (!deviceCode) throw aad.missingParameter("device_code");
  const grant = ctx.grants.getDeviceCode(deviceCode);
  if (!grant || grant.clientId !== client.app.clientId || grant.redeemed)
    throw aad.invalidGrant("device_code");
  if (ctx.directory.clock.nowMs() > grant.expiresAtMs) throw aad.deviceCodeExpired();
  if (!grant.approvedUserOid) throw aad.authorizationPending();
  grant.redeemed = true;
  const user = ctx.directory.getUser(grant.approvedUserOid);
  if (!user) throw aad.invalidGrant("device_code");
  return issueDelegatedTokens(ctx, {
    client,
    user,
    scope: form.get("scope") ?? grant.scope,
    interactive: true,
  });
}
