import type { Context, Hono } from "hono";
import { redirectUriMatches } from "../directory/redirect-uri-match.js";
import { newGuid } from "../ids.js";
import { AadError, aadErrorBody, aadErrorPage } from "./aad-error.js";
import { aad } from "./aad-errors.js";
import { formPostPage } from "./html.js";
import type { LoginContext } from "./login-context.js";
import { claimsRequestStepUp } from "./mfa-policy.js";
import { consentedDelegatedScopes, resolveResources } from "./resource-resolution.js";
import { parseScopes } from "./scopes.js";
import { requireTenant } from "./tenant-guard.js";

const CODE_LIFETIME_MS = 10 * 60 * 1000;

/**
 * GET /{tenant}/oauth2/v2.0/authorize — the sign-in page. The seeded user (or the
 * login_hint user) is signed in without interaction. Problems with the client or
 * redirect URI are shown as an error page (Entra never redirects to an untrusted
 * URI); everything else goes back to the redirect URI, form_post by default for MSAL.
 */
export function registerAuthorizeRoute(app: Hono, ctx: LoginContext): void {
  app.get("/:tenant/oauth2/v2.0/authorize", (c) => {
    const query = new URL(c.req.url).searchParams;
    const correlationId = query.get("client-request-id") ?? c.req.header("client-request-id") ?? undefined;
    const page = (error: AadError) => c.html(aadErrorPage(error, correlationId), 400);
    try {
      requireTenant(ctx, c.req.param("tenant"));
    } catch (error) {
      return page(error as AadError);
    }
    const clientId = query.get("client_id")?.toLowerCase() ?? "";
    const client = ctx.directory.getApplication(clientId);
    if (!client) return page(aad.appNotFound(clientId, ctx.directory.tenant.tenantId));
    const redirectUri = query.get("redirect_uri") ?? "";
    if (!client.publicClientRedirectUris.some((registered) => redirectUriMatches(registered, redirectUri))) {
      return page(aad.redirectUriMismatch(redirectUri, client.clientId));
    }
    const hint = query.get("login_hint");
    const user = hint ? ctx.directory.findUser(hint) : ctx.directory.defaultUser();
    if (!user) return page(aad.userNotFound(hint ?? "(no user)", ctx.directory.tenant.defaultDomain));

    const mode = query.get("response_mode") ?? "query";
    const state = query.get("state");
    const reply = (fields: Record<string, string>) =>
      respond(c, mode, redirectUri, state === null ? fields : { ...fields, state });

    if (!(query.get("response_type") ?? "").split(" ").includes("code")) {
      return reply({
        error: "unsupported_response_type",
        error_description: "AADSTS70005: response_type is not supported.",
      });
    }
    const scope = query.get("scope") ?? "";
    try {
      const parsed = parseScopes(scope);
      for (const resource of resolveResources(ctx.directory, parsed.resourceScopes)) {
        consentedDelegatedScopes(ctx.directory, client, user, resource);
      }
    } catch (error) {
      if (!(error instanceof AadError)) throw error;
      const body = aadErrorBody(error, ctx.loginOrigin, correlationId);
      const errorName = error.suberror ?? error.error;
      return reply({
        error: errorName,
        error_description: body.error_description,
        error_uri: body.error_uri,
      });
    }
    const challenge = query.get("code_challenge");
    const nonce = query.get("nonce");
    const code = ctx.grants.issueCode({
      clientId: client.clientId,
      userOid: user.oid,
      redirectUri,
      scope,
      // A claims challenge asking for a policy (after AADSTS50076) makes this sign-in do MFA.
      amr: claimsRequestStepUp(query.get("claims")) ? ["pwd", "mfa"] : ["pwd"],
      expiresAtMs: ctx.directory.clock.nowMs() + CODE_LIFETIME_MS,
      ...(challenge
        ? { codeChallenge: challenge, codeChallengeMethod: query.get("code_challenge_method") ?? "plain" }
        : {}),
      ...(nonce ? { nonce } : {}),
    });
    return reply({ code, client_info: ctx.tokens.clientInfo(user), session_state: newGuid() });
  });
}

function respond(c: Context, mode: string, redirectUri: string, fields: Record<string, string>): Response {
  if (mode === "form_post") return c.html(formPostPage(redirectUri, fields));
  const target = new URL(redirectUri);
  const params = new URLSearchParams(fields);
  if (mode === "fragment") target.hash = params.toString();
  else for (const [k, v] of params) target.searchParams.append(k, v);
  return c.redirect(target.toString(), 302);
}
