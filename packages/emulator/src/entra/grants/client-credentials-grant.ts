import { aad } from "../aad-errors.js";
import type { AuthenticatedClient } from "../client-authentication.js";
import type { LoginContext } from "../login-context.js";
import { resolveSingleResource } from "../resource-resolution.js";
import { parseScopes } from "../scopes.js";

/**
 * client_credentials: an app-only token whose `roles` are the application
 * permissions admin-consented on that resource (none → no roles claim; the API decides).
 */
export async function clientCredentialsGrant(
  ctx: LoginContext,
  form: URLSearchParams,
  client: AuthenticatedClient,
): Promise<Record<string, unknown>> {
  if (client.method === "none") throw aad.credentialRequired();
  const scope = form.get("scope");
  if (!scope) throw aad.missingParameter("scope");
  const parsed = parseScopes(scope);
  const resource = resolveSingleResource(ctx.directory, parsed.resourceScopes, scope);
  if (!resource || parsed.oidc.length || resource.scopes.some((s) => s.permission !== ".default")) {
    throw aad.clientCredentialsScope(scope);
  }
  const roles = ctx.directory.consent.appRolesOf(client.sp.objectId, resource.sp.objectId);
  const access = await ctx.tokens.appAccessToken({
    audience: resource.audience,
    clientSp: client.sp,
    roles,
    auth: client.method,
    version: resource.tokenVersion,
  });
  return {
    token_type: "Bearer",
    expires_in: access.expiresIn,
    ext_expires_in: access.expiresIn,
    access_token: access.token,
  };
}
