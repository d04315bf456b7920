import type { Hono } from "hono";
import { aad } from "./aad-errors.js";
import { authenticateClient } from "./client-authentication.js";
import { authorizationCodeGrant } from "./grants/authorization-code-grant.js";
import { clientCredentialsGrant } from "./grants/client-credentials-grant.js";
import { deviceCodeGrant } from "./grants/device-code-grant.js";
import { JWT_BEARER_GRANT, onBehalfOfGrant } from "./grants/on-behalf-of-grant.js";
import { passwordGrant } from "./grants/password-grant.js";
import { refreshTokenGrant } from "./grants/refresh-token-grant.js";
import { acceptedAssertionAudiences, type LoginContext } from "./login-context.js";
import { aadJsonError, requireTenant } from "./tenant-guard.js";

const DEVICE_CODE_GRANTS = new Set(["device_code", "urn:ietf:params:oauth:grant-type:device_code"]);

/** POST /{tenant}/oauth2/v2.0/token — every grant the emulator supports. */
export function registerTokenRoute(app: Hono, ctx: LoginContext): void {
  app.post("/:tenant/oauth2/v2.0/token", async (c) => {
    try {
      requireTenant(ctx, c.req.param("tenant"));
      const form = new URLSearchParams(await c.req.text());
      const grantType = form.get("grant_type");
      if (!grantType) throw aad.missingParameter("grant_type");
      const client = authenticateClient(form, {
        directory: ctx.directory,
        grants: ctx.grants,
        acceptedAudiences: acceptedAssertionAudiences(ctx),
      });
      let body: Record<string, unknown>;
      if (grantType === "client_credentials") body = await clientCredentialsGrant(ctx, form, client);
      else if (grantType === "authorization_code") body = await authorizationCodeGrant(ctx, form, client);
      else if (grantType === "refresh_token") body = await refreshTokenGrant(ctx, form, client);
      else if (DEVICE_CODE_GRANTS.has(grantType)) body = await deviceCodeGrant(ctx, form, client);
      else if (grantType === "password") body = await passwordGrant(ctx, form, client);
      else if (grantType === JWT_BEARER_GRANT) body = await onBehalfOfGrant(ctx, form, client);
      else throw aad.unsupportedGrantType(grantType);
      return c.json(body, 200, { "Cache-Control": "no-store, no-cache", Pragma: "no-cache" });
    } catch (error) {
      return aadJsonError(c, ctx, error);
    }
  });
}
