/**
 * The auth session a tool call sees inside a hosted request: the process's session with its token
 * door replaced by On-Behalf-Of for the request's user. Every path to a token (operations, the
 * request tool, MCP Apps' credential, auth_status) goes through `auth.getToken`, so none of them can
 * reach the process's own delegated sign-in (a browser or device code on a server nobody sits at) or
 * hand one user another's token.
 */
import type { AccessToken, Auth, AuthMode, InboundUser } from "@entra-mcp/auth-core";
import type { AuthSession } from "./auth-session.js";
import { onBehalfOfToken } from "./inbound-session.js";

/** `session` as seen by `user`'s request: OBO tokens, and a status that names the caller. */
export function hostedSession(session: AuthSession, user: InboundUser): AuthSession {
  const mode: AuthMode = user.kind === "user" ? "delegated" : "app";
  const auth: Auth = {
    getToken: (scopes: string[]): Promise<AccessToken> => onBehalfOfToken(user, scopes),
    getGraphClient: () => {
      throw new Error("getGraphClient is not available in hosted mode; use auth.getToken (On-Behalf-Of).");
    },
    status: async () => ({
      ...(await session.auth.status()),
      mode,
      principal:
        user.kind === "user"
          ? { type: "user", username: user.username, name: user.name }
          : { type: "application", clientId: user.clientAppId ?? user.oid },
      // The process's own tokens are not this caller's business.
      tokens: [],
    }),
  };
  return { ...session, config: { ...session.config, mode }, auth };
}
