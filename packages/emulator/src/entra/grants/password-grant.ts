import { timingSafeEqual } from "node:crypto";
import { aad } from "../aad-errors.js";
import type { AuthenticatedClient } from "../client-authentication.js";
import { issueDelegatedTokens } from "../delegated-tokens.js";
import type { LoginContext } from "../login-context.js";

/**
 * password (ROPC): a seeded user's own username and password, for scripted sign-in. As in
 * Entra, a client without a credential needs "Allow public client flows"; nothing is
 * interactive, so a user who must do MFA for the resource gets AADSTS50076.
 */
export async function passwordGrant(
  ctx: LoginContext,
  form: URLSearchParams,
  client: AuthenticatedClient,
): Promise<Record<string, unknown>> {
  if (client.method === "none" && !client.app.isFallbackPublicClient) throw aad.credentialRequired();
  const username = form.get("username");
  if (!username) throw aad.missingParameter("username");
  const password = form.get("password");
  if (!password) throw aad.missingParameter("password");
  const scope = form.get("scope");
  if (!scope) throw aad.missingParameter("scope");
  const user = ctx.directory.listUsers().find((u) => u.upn.toLowerCase() === username.toLowerCase());
  if (!user) throw aad.userNotFound(username, ctx.directory.tenant.defaultDomain);
  if (!user.password || !samePassword(user.password, password)) throw aad.invalidCredentials();
  if (user.accountEnabled === false) throw aad.userDisabled();
  return issueDelegatedTokens(ctx, { client, user, scope, amr: ["pwd"] });
}

function samePassword(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
