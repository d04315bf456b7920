/**
 * `loadInboundAuthConfig(env)`: what the hosted (HTTP) server needs to check the tokens MCP clients
 * send: the tenant and app from loadAuthConfig (same variables, same errors), the authority host from
 * the cloud profile, and the API's scope and optional app role from ENTRA_MCP_* variables.
 */
import { z } from "zod";
import { loadAuthConfig } from "../config/load-auth-config.js";
import { ConfigError } from "../errors.js";

export interface InboundAuthConfig {
  /** The tenant GUID: tokens must carry it in `tid` and in the v2.0 issuer. */
  tenantId: string;
  /** The API's application (client) ID: the `aud` of v2.0 tokens. */
  clientId: string;
  /** e.g. https://login.microsoftonline.com (from the cloud profile; no trailing slash). */
  authorityHost: string;
  /** Accepted `aud` values: the App ID URI (api://<client-id>) and the client ID. */
  audiences: string[];
  /** The delegated scope a user token must carry in `scp`, e.g. "access_as_user". */
  requiredScope: string;
  /** The app role an app-only token must carry in `roles`; app callers are refused when unset. */
  appRole?: string;
  /** Seconds of leeway for `exp` and `nbf` (default 60: Entra and our clocks drift a little). */
  clockSkewSec?: number;
  /** Floor between two JWKS fetches triggered by unknown `kid`s, in seconds (default 30). */
  jwksRefreshFloorSec?: number;
}

export const DEFAULT_REQUIRED_SCOPE = "access_as_user";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const scopeValue = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9._-]{1,120}$/,
    "must be a bare scope value such as access_as_user (no api:// prefix, no spaces)",
  );
const roleValue = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{1,120}$/, "must be an app role value such as MCP.Invoke (no spaces)");
const seconds = (max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, "must be a whole number of seconds")
    .transform(Number)
    .refine((n) => n <= max, `must be at most ${max} seconds`);
const appIdUri = z
  .string()
  .trim()
  .refine((v) => URL.canParse(v) && !/\s/.test(v), "must be a URI such as api://<client-id>");

/** Reads and checks the inbound settings; every error names the variable and says how to fix it. */
export function loadInboundAuthConfig(env: NodeJS.ProcessEnv = process.env): InboundAuthConfig {
  const auth = loadAuthConfig(env);
  if (!GUID.test(auth.tenantId)) {
    fail(
      "ENTRA_MCP_TENANT_ID",
      `"${auth.tenantId}" is a domain, but hosted mode checks each token's tid and issuer against the tenant GUID`,
      "set ENTRA_MCP_TENANT_ID to the Directory (tenant) ID GUID from the app registration's Overview page",
    );
  }
  const scope = parse(
    "ENTRA_MCP_API_SCOPE",
    scopeValue,
    env.ENTRA_MCP_API_SCOPE,
    "set ENTRA_MCP_API_SCOPE=access_as_user (the default), or unset it",
  );
  const role = parse(
    "ENTRA_MCP_APP_ROLE",
    roleValue,
    env.ENTRA_MCP_APP_ROLE,
    "set ENTRA_MCP_APP_ROLE=MCP.Invoke to let apps call as themselves, or unset it to allow users only",
  );
  const skew = parse(
    "ENTRA_MCP_CLOCK_SKEW_SECONDS",
    seconds(600),
    env.ENTRA_MCP_CLOCK_SKEW_SECONDS,
    "set e.g. ENTRA_MCP_CLOCK_SKEW_SECONDS=60 (the default), or unset it",
  );
  const uri = parse(
    "ENTRA_MCP_API_ID_URI",
    appIdUri,
    env.ENTRA_MCP_API_ID_URI,
    `set it to the app's Application ID URI (Expose an API), e.g. api://${auth.clientId}, or unset it`,
  );
  const audiences = [...new Set([uri ?? `api://${auth.clientId}`, auth.clientId])];
  return Object.freeze({
    tenantId: auth.tenantId.toLowerCase(),
    clientId: auth.clientId.toLowerCase(),
    // The origin of the authority: the cloud profile's host, or ENTRA_MCP_AUTHORITY's (e.g. External ID).
    authorityHost: new URL(auth.authority).origin,
    audiences,
    requiredScope: scope ?? DEFAULT_REQUIRED_SCOPE,
    ...(role ? { appRole: role } : {}),
    clockSkewSec: skew ?? 60,
  });
}

function parse<T>(
  name: string,
  schema: z.ZodType<T, string>,
  raw: string | undefined,
  fix: string,
): T | undefined {
  if (raw === undefined || raw.trim() === "") return undefined;
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  return fail(name, `"${raw}" ${result.error.issues[0]?.message ?? "is not valid"}`, fix);
}

function fail(name: string, problem: string, fix: string): never {
  throw new ConfigError("CONFIG_INVALID", `${name}: ${problem}.`, { fix: `${fix}.` });
}
