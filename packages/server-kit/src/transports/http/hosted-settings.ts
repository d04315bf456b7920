/**
 * Settings of hosted mode (MCP over Streamable HTTP), read once at start. Unlike the kit's other
 * settings, a bad value here stops the server with an error naming the variable: a hosted server that
 * silently fell back to another port, or to no authentication, would be worse than one that refuses.
 */
import { isIP } from "node:net";

export const AUTH_OFF = "off-for-local-development";

export interface HostedSettings {
  host: string;
  port: number;
  /** ENTRA_MCP_PUBLIC_URL as given; undefined = derived from the listening address (loopback only). */
  publicUrl: URL | undefined;
  /** Inbound Entra ID tokens are required, unless turned off for local development. */
  auth: "entra" | "off";
  /** Origins allowed besides the public URL's own (ENTRA_MCP_HTTP_ALLOWED_ORIGINS). */
  allowedOrigins: string[];
  /** Host headers allowed besides the public URL's host (ENTRA_MCP_HTTP_ALLOWED_HOSTS). */
  allowedHosts: string[];
  maxBodyBytes: number;
  /** Requests per minute per user (a burst may use the whole minute's allowance at once). */
  rateLimitPerMinute: number;
  /** How long SIGTERM waits for in-flight requests. */
  drainMs: number;
}

export class HostedSettingsError extends Error {
  constructor(message: string) {
    super(`entra-mcp hosted mode: ${message}`);
    this.name = "HostedSettingsError";
  }
}

/** Reads the ENTRA_MCP_HTTP_* settings; throws HostedSettingsError naming the variable and the fix. */
export function readHostedSettings(env: NodeJS.ProcessEnv): HostedSettings {
  const host = env.ENTRA_MCP_HTTP_HOST?.trim() || "127.0.0.1";
  const port = integer(env, "ENTRA_MCP_HTTP_PORT", 8080, 0, 65_535);
  const rawUrl = env.ENTRA_MCP_PUBLIC_URL?.trim();
  let publicUrl: URL | undefined;
  if (rawUrl) {
    try {
      publicUrl = new URL(rawUrl);
    } catch {
      throw new HostedSettingsError(
        `ENTRA_MCP_PUBLIC_URL: "${rawUrl}" is not a URL. Fix: set it to the URL clients use, e.g. https://mcp.contoso.com/graph/mcp.`,
      );
    }
    if (
      publicUrl.protocol !== "https:" &&
      !(publicUrl.protocol === "http:" && isLoopback(publicUrl.hostname))
    ) {
      throw new HostedSettingsError(
        `ENTRA_MCP_PUBLIC_URL: "${rawUrl}" must be https (plain http only on a loopback host). Fix: put the server behind a TLS-terminating proxy and give its https URL.`,
      );
    }
    if (publicUrl.search || publicUrl.hash) {
      throw new HostedSettingsError(
        `ENTRA_MCP_PUBLIC_URL: "${rawUrl}" must not have a query or fragment (it is the resource identifier). Fix: remove them.`,
      );
    }
  } else if (!isLoopback(host)) {
    throw new HostedSettingsError(
      `ENTRA_MCP_PUBLIC_URL is required when listening on ${host} (it is the resource identifier clients sign in for). Fix: set it to the https URL clients use.`,
    );
  }
  const rawAuth = env.ENTRA_MCP_HTTP_AUTH?.trim();
  let auth: HostedSettings["auth"] = "entra";
  if (rawAuth === AUTH_OFF) {
    if (!isLoopback(host)) {
      throw new HostedSettingsError(
        `ENTRA_MCP_HTTP_AUTH=${AUTH_OFF} is refused on ${host}: without authentication only a loopback host (127.0.0.1, ::1, localhost) may be used. Fix: set ENTRA_MCP_HTTP_HOST=127.0.0.1, or remove ENTRA_MCP_HTTP_AUTH.`,
      );
    }
    auth = "off";
  } else if (rawAuth && rawAuth !== "entra") {
    throw new HostedSettingsError(
      `ENTRA_MCP_HTTP_AUTH: "${rawAuth}" is not a known value. Fix: leave it unset (Entra ID tokens required) or, on a loopback host only, set it to ${AUTH_OFF}.`,
    );
  }
  return {
    host,
    port,
    publicUrl,
    auth,
    allowedOrigins: list(env, "ENTRA_MCP_HTTP_ALLOWED_ORIGINS").map((origin) => normalizeOrigin(origin)),
    allowedHosts: list(env, "ENTRA_MCP_HTTP_ALLOWED_HOSTS").map((item) => item.toLowerCase()),
    maxBodyBytes: integer(env, "ENTRA_MCP_HTTP_MAX_BODY_BYTES", 1024 * 1024, 1024, 64 * 1024 * 1024),
    rateLimitPerMinute: integer(env, "ENTRA_MCP_HTTP_RATE_LIMIT", 120, 1, 100_000),
    drainMs: 10_000,
  };
}

/** 127.0.0.1/8, ::1 and localhost: the hosts a browser page elsewhere cannot reach without rebinding. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (bare === "localhost" || bare === "::1") return true;
  return isIP(bare) === 4 && bare.startsWith("127.");
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new HostedSettingsError(
      `${name}: "${raw}" is not a whole number from ${min} to ${max}. Fix: correct or unset it.`,
    );
  }
  return value;
}

function list(env: NodeJS.ProcessEnv, name: string): string[] {
  return (env[name] ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
}

function normalizeOrigin(raw: string): string {
  try {
    const origin = new URL(raw).origin;
    if (origin !== "null") return origin;
  } catch {
    // fall through
  }
  throw new HostedSettingsError(
    `ENTRA_MCP_HTTP_ALLOWED_ORIGINS: "${raw}" is not an origin. Fix: list origins like https://app.contoso.com, comma-separated.`,
  );
}
