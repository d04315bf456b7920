/**
 * The shape of auth-core's inbound doors (validator, Protected Resource Metadata, On-Behalf-Of) as the
 * HTTP transport uses them. Declared here structurally so that server-kit never imports auth-core at
 * start (auth-session.ts loads it) and type-checks against the agreed signatures.
 */
import type { AuthConfig } from "@entra-mcp/auth-core";

/** The caller of a hosted request, from a validated Entra ID access token. */
export interface InboundUser {
  oid: string;
  tid: string;
  name?: string | undefined;
  username?: string | undefined;
  kind: "user" | "app";
  scopes: string[];
  roles: string[];
  /** The raw JWT, only for the On-Behalf-Of exchange; never logged or returned. */
  assertion: string;
}

/** auth-core's InboundAuthError: what the 401/403 challenge says. */
export interface InboundAuthFailure {
  status: 401 | 403;
  error: "invalid_token" | "insufficient_scope" | string;
  description: string;
}

export interface InboundValidator {
  validate(authorizationHeader: string | undefined): Promise<InboundUser>;
}

export interface OnBehalfOf {
  getToken(
    user: InboundUser,
    scopes: string[],
    options?: { claims?: string },
  ): Promise<{ accessToken: string; expiresOn?: Date | number | undefined }>;
}

/** The inbound part of auth-core's API (loaded lazily with the rest of it). */
export interface InboundCore {
  loadInboundAuthConfig(env: NodeJS.ProcessEnv): unknown;
  createInboundValidator(config: unknown): InboundValidator;
  protectedResourceMetadata(config: unknown, publicUrl: string): Record<string, unknown>;
  createOnBehalfOf(config: AuthConfig, options?: unknown): OnBehalfOf;
}

/** True for auth-core's InboundAuthError (checked by shape: the class lives in the lazily loaded module). */
export function isInboundAuthFailure(error: unknown): error is InboundAuthFailure {
  if (!error || typeof error !== "object") return false;
  const { status, error: code, description } = error as Record<string, unknown>;
  return (status === 401 || status === 403) && typeof code === "string" && typeof description === "string";
}
