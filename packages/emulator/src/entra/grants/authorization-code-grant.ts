import { createHash } from "node:crypto";
import { aad } from "../aad-errors.js";
import type { AuthenticatedClient } from "../client-authentication.js";
import { issueDelegatedTokens } from "../delegated-tokens.js";
import type { LoginContext } from "../login-context.js";

/** authorization_code: redeems a code once, checking redirect_uri and the PKCE verifier. */
export async function authorizationCodeGrant(
  ctx: LoginContext,
  form: URLSearchParams,
  client: AuthenticatedClient,
): Promise<Record<string, unknown>> {
  const code = form.get("code");
  if (!code) throw aad.missingParameter("code");
  const grant = ctx.grants.getCode(code);
  if (!grant || grant.clientId !== client.app.clientId) throw aad.invalidGrant("code");
  if (grant.redeemed) throw aad.codeAlreadyRedeemed();
  if (ctx.directory.clock.nowMs() > grant.expiresAtMs) throw aad.codeExpired();
  const redirectUri = form.get("redirect_uri") ?? "";
  if (redirectUri !== grant.redirectUri) throw aad.replyAddressMismatch(redirectUri, grant.redirectUri);
  if (grant.codeChallenge) {
    const verifier = form.get("code_verifier");
    if (!verifier) throw aad.missingParameter("code_verifier");
    const computed =
      grant.codeChallengeMethod === "plain"
        ? verifier
        : createHash("sha256").update(verifier).digest("base64url");
    if (computed !== grant.codeChallenge) throw aad.pkceMismatch();
  }
  // Single use even when what follows fails, as in Entra.
  grant.redeemed = true;
  const user = ctx.directory.getUser(grant.userOid);
  if (!user) throw aad.invalidGrant("code");
  return issueDelegatedTokens(ctx, {
    client,
    user,
    scope: form.get("scope") ?? grant.scope,
    amr: grant.amr,
    interactive: true,
    ...(grant.nonce ? { nonce: grant.nonce } : {}),
  });
}
