import { aad } from "../aad-errors.js";
import type { AuthenticatedClient } from "../client-authentication.js";
import { issueDelegatedTokens } from "../delegated-tokens.js";
import type { LoginContext } from "../login-context.js";
import { verifyUserAssertion } from "../user-assertion.js";

/** The grant type of On-Behalf-Of requests. */
export const JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/**
 * On-Behalf-Of (jwt-bearer, requested_token_use=on_behalf_of): a confidential client trades
 * the user token it received for a delegated token to a downstream resource — same user,
 * the scopes consented to the calling app, the session's amr — plus a refresh token when
 * offline_access is asked for, as Entra does. No id_token, like Entra's OBO answers.
 */
export async function onBehalfOfGrant(
  ctx: LoginContext,
  form: URLSearchParams,
  client: AuthenticatedClient,
): Promise<Record<string, unknown>> {
  if (form.get("requested_token_use") !== "on_behalf_of") throw aad.missingParameter("requested_token_use");
  if (client.method === "none") throw aad.credentialRequired();
  const assertion = form.get("assertion");
  if (!assertion) throw aad.missingParameter("assertion");
  const scope = form.get("scope");
  if (!scope) throw aad.missingParameter("scope");
  const verified = await verifyUserAssertion(ctx, assertion, client.app);
  const user = ctx.directory.getUser(verified.oid);
  if (!user) throw aad.userNotFound(verified.oid, ctx.directory.tenant.defaultDomain);
  // A user disabled after signing in loses downstream access at the next exchange.
  if (user.accountEnabled === false) throw aad.userDisabled();
  return issueDelegatedTokens(ctx, { client, user, scope, amr: verified.amr, idToken: false });
}
