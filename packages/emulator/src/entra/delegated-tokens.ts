import type { DirectoryUser } from "../directory/directory-types.js";
import { RESOURCE_APP_IDS } from "../directory/resource-principals.js";
import type { AuthenticatedClient } from "./client-authentication.js";
import type { LoginContext } from "./login-context.js";
import { requireMfaSatisfied, sessionAmr } from "./mfa-policy.js";
import { consentedDelegatedScopes, resolveSingleResource } from "./resource-resolution.js";
import { parseScopes } from "./scopes.js";

export interface DelegatedTokenInput {
  client: AuthenticatedClient;
  user: DirectoryUser;
  scope: string;
  nonce?: string;
  /** How the user authenticated so far (default ["pwd"]). */
  amr?: string[];
  /** The user just signed in on a page (authorize, device login): MFA is done there when a policy asks. */
  interactive?: boolean;
  /** Return an id_token when openid is asked for (default true; Entra's OBO answers have none). */
  idToken?: boolean;
}

/**
 * Builds the token response for a signed-in user: an access token for the one
 * resource in `scope` (consented scopes only), plus what MSAL needs to form an
 * account and refresh later: id_token, client_info, refresh_token.
 */
export async function issueDelegatedTokens(
  ctx: LoginContext,
  input: DelegatedTokenInput,
): Promise<Record<string, unknown>> {
  const { client, user, scope } = input;
  const parsed = parseScopes(scope);
  const resource = resolveSingleResource(ctx.directory, parsed.resourceScopes, scope);

  let audience: string;
  let scp: string[];
  let responseScopes: string[];
  if (resource) {
    audience = resource.audience;
    scp = consentedDelegatedScopes(ctx.directory, client.app, user, resource);
    // Echo scopes in the form the client asked for: MSAL caches the token under the
    // response's scope and must find it again for the same request.
    responseScopes = resource.scopes.map((s) => s.raw);
  } else {
    // Only OIDC scopes asked for: Entra returns a Graph token carrying them.
    const graph = ctx.directory.findResource(RESOURCE_APP_IDS.graph);
    audience = graph?.audience ?? "https://graph.microsoft.com";
    scp = parsed.oidc.filter((s) => s !== "offline_access");
    responseScopes = [];
  }
  responseScopes.push(...parsed.oidc);
  const amr = sessionAmr(ctx.directory, user, resource, input.amr ?? ["pwd"], input.interactive ?? false);
  requireMfaSatisfied(ctx.directory, user, resource, amr);

  const access = await ctx.tokens.userAccessToken({
    audience,
    clientId: client.app.clientId,
    user,
    scopes: scp,
    auth: client.method,
    version: resource?.tokenVersion ?? 1,
    amr,
  });
  const body: Record<string, unknown> = {
    token_type: "Bearer",
    scope: responseScopes.join(" "),
    expires_in: access.expiresIn,
    ext_expires_in: access.expiresIn,
    access_token: access.token,
  };
  if (parsed.oidc.includes("offline_access")) {
    body.refresh_token = ctx.grants.issueRefreshToken(client.app.clientId, user.oid, amr);
  }
  if (parsed.oidc.includes("openid") && (input.idToken ?? true)) {
    body.id_token = await ctx.tokens.idToken({
      clientId: client.app.clientId,
      user,
      ...(input.nonce ? { nonce: input.nonce } : {}),
    });
  }
  body.client_info = ctx.tokens.clientInfo(user);
  return body;
}
