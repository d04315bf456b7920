import type { Context, Hono } from "hono";
import { ADMIN_PREFIX } from "../http/admin-routes.js";
import type { IdentityAdmin } from "./identity-admin.js";

/**
 * The identity admin hooks over HTTP on the login origin (neither logged nor faulted, like
 * every /_emulator route):
 *   GET    /_emulator/signing-keys             → { activeKid, kids }
 *   POST   /_emulator/signing-keys/rotate      → { kid, previousKid }
 *   DELETE /_emulator/signing-keys/{kid}       → 204
 *   PUT    /_emulator/users/{upn}/require-mfa  body { resourceAppIds?: string[] } → the policy
 *   DELETE /_emulator/users/{upn}/require-mfa  → 204
 */
export function registerIdentityAdminRoutes(app: Hono, admin: IdentityAdmin): void {
  const bad = (c: Context, error: unknown) =>
    c.json({ error: { code: "BadRequest", message: (error as Error).message } }, 400);

  app.get(`${ADMIN_PREFIX}/signing-keys`, (c) => c.json(admin.signingKeys()));
  app.post(`${ADMIN_PREFIX}/signing-keys/rotate`, (c) => c.json(admin.rotateSigningKey(), 201));
  app.delete(`${ADMIN_PREFIX}/signing-keys/:kid`, (c) => {
    try {
      admin.dropSigningKey(c.req.param("kid"));
    } catch (error) {
      return bad(c, error);
    }
    return c.body(null, 204);
  });

  app.put(`${ADMIN_PREFIX}/users/:user/require-mfa`, async (c) => {
    try {
      const text = await c.req.text();
      const body = text ? (JSON.parse(text) as { resourceAppIds?: unknown }) : {};
      const ids = body.resourceAppIds;
      if (ids !== undefined && (!Array.isArray(ids) || ids.some((id) => typeof id !== "string")))
        throw new Error("resourceAppIds must be an array of app id strings.");
      return c.json(admin.requireMfa(c.req.param("user"), ids as string[] | undefined));
    } catch (error) {
      return bad(c, error);
    }
  });
  app.delete(`${ADMIN_PREFIX}/users/:user/require-mfa`, (c) => {
    try {
      admin.clearMfaRequirement(c.req.param("user"));
    } catch (error) {
      return bad(c, error);
    }
    return c.body(null, 204);
  });
}
