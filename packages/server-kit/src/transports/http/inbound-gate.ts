/**
 * Who is calling: validates the Authorization header with auth-core's validator (JWKS, issuer,
 * audience, tenant, scopes/roles) and turns a refusal into the challenge MCP clients act on — 401 with
 * `WWW-Authenticate: Bearer resource_metadata="…"` (RFC 9728 §5.1) for a missing or bad token, 403
 * with `error="insufficient_scope"` for a good token without the needed permission.
 */
import type { IncomingMessage } from "node:http";
import type { InboundUser } from "@entra-mcp/auth-core";
import { type InboundAuth, loadInboundAuth } from "../../auth/inbound-session.js";

export type GateResult =
  | { ok: true; user: InboundUser }
  | { ok: false; status: 401 | 403; challenge: string; message: string };

export interface InboundGate {
  /** The Protected Resource Metadata document. */
  metadata: Record<string, unknown>;
  check(req: IncomingMessage): Promise<GateResult>;
}

/** Loads the validator (at start: a config error stops the server instead of refusing every request). */
export async function createInboundGate(
  env: NodeJS.ProcessEnv,
  publicUrl: URL,
  metadataUrl: string,
): Promise<InboundGate> {
  const inbound: InboundAuth = await loadInboundAuth(env, publicUrl.href);
  const scopes = Array.isArray(inbound.metadata.scopes_supported)
    ? (inbound.metadata.scopes_supported as unknown[]).filter((scope) => typeof scope === "string")
    : [];
  const scopeParam = scopes.length > 0 ? `, scope="${quoted(scopes.join(" "))}"` : "";
  return {
    metadata: inbound.metadata,
    async check(req) {
      try {
        return { ok: true, user: await inbound.validator.validate(req.headers.authorization) };
      } catch (error) {
        if (!inbound.isRefusal(error)) throw error;
        const missing = !req.headers.authorization;
        // RFC 6750 §3.1: a request without credentials gets no error code, only the challenge.
        const errorParams = missing
          ? ""
          : `, error="${quoted(error.error)}", error_description="${quoted(error.description)}"`;
        return {
          ok: false,
          status: error.status,
          challenge: `Bearer resource_metadata="${quoted(metadataUrl)}"${scopeParam}${errorParams}`,
          message: error.description,
        };
      }
    },
  };
}

/** The RFC 9728 metadata URL for a resource: the well-known path, then the resource's own path. */
export function metadataPathFor(publicUrl: URL): string {
  const path = publicUrl.pathname.replace(/\/+$/, "");
  return `/.well-known/oauth-protected-resource${path}`;
}

// A quoted-string may not hold `"` or `\` unescaped, nor control characters.
function quoted(text: string): string {
  let out = "";
  for (const char of text) {
    const code = char.charCodeAt(0);
    out += code < 0x20 || code === 0x7f ? " " : char === '"' || char === "\\" ? `\\${char}` : char;
  }
  return out;
}
