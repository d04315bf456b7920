import type { Context } from "hono";
import { AadError, aadErrorBody } from "./aad-error.js";
import { aad } from "./aad-errors.js";
import type { LoginContext } from "./login-context.js";

/** Multi-tenant aliases Entra serves metadata for. */
export const TENANT_ALIASES = new Set(["common", "organizations", "consumers"]);

/** Throws AADSTS90002 unless the path names this tenant (id or domain). */
export function requireTenant(ctx: LoginContext, tenant: string): void {
  if (!ctx.directory.matchesTenant(tenant)) throw aad.tenantNotFound(tenant);
}

/** Answers an AadError as Entra's JSON error body; rethrows anything else. */
export function aadJsonError(c: Context, ctx: LoginContext, error: unknown): Response {
  if (!(error instanceof AadError)) throw error;
  const body = aadErrorBody(error, ctx.loginOrigin, c.req.header("client-request-id"));
  return c.json(body, error.status, { "Cache-Control": "no-store, no-cache", Pragma: "no-cache" });
}
