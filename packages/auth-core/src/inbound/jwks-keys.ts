/**
 * The tenant's signing keys for inbound tokens: jose's remote JWK set, which caches the JWKS, refetches
 * it when a token names a `kid` it does not hold, and never fetches twice within `cooldownDuration`
 * (the floor that stops a stream of made-up kids from turning into a stream of fetches to Entra ID).
 */
import type { createRemoteJWKSet } from "jose";

/** Entra ID's v2.0 JWKS for a tenant; the same URI as `jwks_uri` in its OpenID configuration. */
export function jwksUri(authorityHost: string, tenantId: string): URL {
  return new URL(`${authorityHost}/${tenantId}/discovery/v2.0/keys`);
}

export interface TenantKeysOptions {
  /** Minimum time between two fetches, in seconds (default 30). */
  refreshFloorSec?: number;
  /** Refetch a JWKS older than this even for known kids, in seconds (default 1 hour): picks up revocations. */
  maxAgeSec?: number;
  /** Deadline of one JWKS fetch, in ms (default 5 s). */
  timeoutMs?: number;
}

export type TenantKeys = ReturnType<typeof createRemoteJWKSet>;

export async function tenantKeys(
  authorityHost: string,
  tenantId: string,
  options: TenantKeysOptions = {},
): Promise<TenantKeys> {
  const { createRemoteJWKSet } = await import("jose");
  return createRemoteJWKSet(jwksUri(authorityHost, tenantId), {
    cooldownDuration: (options.refreshFloorSec ?? 30) * 1000,
    cacheMaxAge: (options.maxAgeSec ?? 3600) * 1000,
    timeoutDuration: options.timeoutMs ?? 5000,
  });
}
