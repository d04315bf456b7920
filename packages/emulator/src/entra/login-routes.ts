import type { Hono } from "hono";
import { registerAuthorizeRoute } from "./authorize-route.js";
import { registerDeviceCodeRoutes } from "./device-code-routes.js";
import { identityAdmin } from "./identity-admin.js";
import { registerIdentityAdminRoutes } from "./identity-admin-routes.js";
import type { LoginContext } from "./login-context.js";
import { registerLogoutRoute } from "./logout-route.js";
import { registerMetadataRoutes } from "./metadata-routes.js";
import { registerTokenRoute } from "./token-route.js";

/** All Entra ID routes of the `login` origin. */
export function registerLoginRoutes(app: Hono, ctx: LoginContext): void {
  // Instance discovery's fixed path must win over the /:tenant patterns.
  registerMetadataRoutes(app, ctx);
  registerAuthorizeRoute(app, ctx);
  registerDeviceCodeRoutes(app, ctx);
  registerTokenRoute(app, ctx);
  registerLogoutRoute(app);
  registerIdentityAdminRoutes(app, identityAdmin(ctx));
}
