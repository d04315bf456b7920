import type { Hono } from "hono";
import { messagePage } from "./html.js";

/**
 * GET /{tenant}/oauth2/v2.0/logout — the end_session_endpoint the metadata advertises.
 * The emulator keeps no browser session, so this only redirects back (or says goodbye).
 */
export function registerLogoutRoute(app: Hono): void {
  app.get("/:tenant/oauth2/v2.0/logout", (c) => {
    const back = c.req.query("post_logout_redirect_uri");
    if (back && /^https?:\/\//.test(back)) return c.redirect(back, 302);
    return c.html(
      messagePage("You signed out of your account", "It's a good idea to close all browser windows."),
    );
  });
}
