/**
 * Hosted mode's auth doors, loaded through auth-session.ts (the one place auth-core is imported): the
 * inbound token validator with its Protected Resource Metadata, and one On-Behalf-Of client per auth
 * session for the tokens a tool call needs on a user's behalf.
 */
import type { AuthConfig } from "@entra-mcp/auth-core";
import { authSession, loadAuthCore } from "./auth-session.js";
import type { InboundCore, InboundUser, InboundValidator, OnBehalfOf } from "./inbound-types.js";

export interface InboundAuth {
  validator: InboundValidator;
  /** The RFC 9728 Protected Resource Metadata document for the public URL. */
  metadata: Record<string, unknown>;
}

/** Loads auth-core and builds the validator; config errors (which name the variable) are thrown. */
export async function loadInboundAuth(env: NodeJS.ProcessEnv, publicUrl: string): Promise<InboundAuth> {
  const core = inbound(await loadAuthCore());
  const config = core.loadInboundAuthConfig(env);
  return {
    validator: core.createInboundValidator(config),
    metadata: core.protectedResourceMetadata(config, publicUrl),
  };
}

const clients = new WeakMap<AuthConfig, OnBehalfOf>();

/** A token for `scopes` on behalf of `user` (auth-core caches it per user and resource). */
export async function onBehalfOfToken(
  env: NodeJS.ProcessEnv,
  user: InboundUser,
  scopes: string[],
): Promise<string> {
  const session = await authSession(env);
  let client = clients.get(session.config);
  if (!client) {
    client = inbound(session.core).createOnBehalfOf(session.config);
    clients.set(session.config, client);
  }
  return (await client.getToken(user, scopes)).accessToken;
}

function inbound(core: object): InboundCore {
  const candidate = core as Partial<InboundCore>;
  if (
    typeof candidate.createInboundValidator !== "function" ||
    typeof candidate.createOnBehalfOf !== "function"
  ) {
    throw new Error(
      "hosted mode needs @entra-mcp/auth-core's inbound validation and On-Behalf-Of, which this build does not have. Fix: update the server, or run it over stdio.",
    );
  }
  return candidate as InboundCore;
}
