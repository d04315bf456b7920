/**
 * Hosted mode's auth, loaded through auth-session.ts (the one place auth-core is imported) when the
 * HTTP server starts: the inbound token validator with its Protected Resource Metadata, and the
 * On-Behalf-Of client (with its per-user token cache: Redis when ENTRA_MCP_REDIS_URL is set) that
 * tool calls of a request use for the request's user.
 */
import type { AccessToken, InboundUser, InboundValidator, OnBehalfOf } from "@entra-mcp/auth-core";
import { useSharedCursorKey } from "../tools/cursor.js";
import { authSession } from "./auth-session.js";

export interface InboundAuth {
  validator: InboundValidator;
  /** The RFC 9728 Protected Resource Metadata document for the public URL. */
  metadata: Record<string, unknown>;
  /** True for auth-core's InboundAuthError (a refusal to answer with a challenge). */
  isRefusal(error: unknown): error is { status: 401 | 403; error: string; description: string };
}

let onBehalfOf: OnBehalfOf | undefined;

/** Loads auth-core, validates the config and prepares OBO; config errors (naming the variable) are thrown. */
export async function loadInboundAuth(env: NodeJS.ProcessEnv, publicUrl: string): Promise<InboundAuth> {
  const { core, config } = await authSession(env);
  const inbound = core.loadInboundAuthConfig(env);
  const cache = await core.openDistributedTokenCache(config, env);
  // Replicas share the cache key (configured for Redis); cursors signed with a key derived from it
  // resume on any replica. Without one, this is the only replica that can read its cursors.
  if (env.ENTRA_MCP_CACHE_KEY?.trim() || env.ENTRA_MCP_CACHE_KEY_SECRET?.trim()) {
    const shared = await core.loadCacheEncryptionKey(config, env);
    useSharedCursorKey(shared.export());
  }
  // The validator admits app callers only when ENTRA_MCP_APP_ROLE names their role; OBO then gives
  // them this app's own app-only tokens (there is no user to act for).
  onBehalfOf = core.createOnBehalfOf(config, { cache, appCallers: inbound.appRole !== undefined });
  return {
    validator: core.createInboundValidator(inbound),
    metadata: { ...core.protectedResourceMetadata(inbound, publicUrl) },
    isRefusal: (error): error is { status: 401 | 403; error: string; description: string } =>
      error instanceof core.InboundAuthError,
  };
}

/** A token for `scopes` on behalf of `user` (auth-core caches it per user and resource). */
export async function onBehalfOfToken(user: InboundUser, scopes: string[]): Promise<AccessToken> {
  if (!onBehalfOf) {
    throw new Error(
      "a hosted request arrived before On-Behalf-Of was set up; this is a bug in the HTTP transport.",
    );
  }
  return onBehalfOf.getToken(user, scopes);
}
