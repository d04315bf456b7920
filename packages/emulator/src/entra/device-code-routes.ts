import type { Hono } from "hono";
import { AadError, aadErrorPage } from "./aad-error.js";
import { aad } from "./aad-errors.js";
import { messagePage } from "./html.js";
import type { LoginContext } from "./login-context.js";
import { aadJsonError, requireTenant } from "./tenant-guard.js";

// Real Entra says 5 s; 1 s keeps device code tests fast and is still honoured by MSAL.
const POLL_INTERVAL_SECONDS = 1;

/** Approves a pending device code for a user (the device login page, or tests directly). */
export function approveDeviceCode(ctx: LoginContext, userCode: string, userOidOrUpn?: string): void {
  const grant = ctx.grants.findByUserCode(userCode);
  if (!grant || grant.redeemed) throw aad.invalidGrant("user_code");
  if (ctx.directory.clock.nowMs() > grant.expiresAtMs) throw aad.deviceCodeExpired();
  const user = userOidOrUpn ? ctx.directory.findUser(userOidOrUpn) : ctx.directory.defaultUser();
  if (!user) throw aad.userNotFound(userOidOrUpn ?? "(no user)", ctx.directory.tenant.defaultDomain);
  grant.approvedUserOid = user.oid;
}

/** POST /{tenant}/oauth2/v2.0/devicecode and the GET /devicelogin verification page. */
export function registerDeviceCodeRoutes(app: Hono, ctx: LoginContext): void {
  app.post("/:tenant/oauth2/v2.0/devicecode", async (c) => {
    try {
      requireTenant(ctx, c.req.param("tenant"));
      const form = new URLSearchParams(await c.req.text());
      const clientId = form.get("client_id")?.toLowerCase();
      if (!clientId) throw aad.missingParameter("client_id");
      if (!ctx.directory.getApplication(clientId))
        throw aad.appNotFound(clientId, ctx.directory.tenant.tenantId);
      const scope = form.get("scope");
      if (!scope) throw aad.missingParameter("scope");
      const lifetime = ctx.deviceCodeLifetimeSeconds;
      const grant = ctx.grants.issueDeviceCode(
        clientId,
        scope,
        ctx.directory.clock.nowMs() + lifetime * 1000,
      );
      const verificationUri = `${ctx.loginOrigin}/devicelogin`;
      return c.json({
        user_code: grant.userCode,
        device_code: grant.deviceCode,
        verification_uri: verificationUri,
        expires_in: lifetime,
        interval: POLL_INTERVAL_SECONDS,
        message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${grant.userCode} to authenticate.`,
      });
    } catch (error) {
      return aadJsonError(c, ctx, error);
    }
  });

  app.get("/devicelogin", (c) => {
    const otc = c.req.query("otc");
    if (!otc) {
      return c.html(
        `<!DOCTYPE html><html><head><title>Enter code</title></head><body><form method="GET" action="/devicelogin"><label>Code <input name="otc" /></label><input type="submit" value="Next" /></form></body></html>`,
      );
    }
    try {
      approveDeviceCode(ctx, otc, c.req.query("login_hint"));
    } catch (error) {
      if (!(error instanceof AadError)) throw error;
      return c.html(aadErrorPage(error), 400);
    }
    return c.html(
      messagePage(
        "You're signed in",
        "You have signed in to the application on your device. You may now close this window.",
      ),
    );
  });
}
