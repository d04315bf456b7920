/**
 * CORS for the browser origins this server allows (the public URL's and ENTRA_MCP_HTTP_ALLOWED_ORIGINS;
 * request-guard.ts has already refused any other). A browser MCP client sends a preflight for its
 * POST with Authorization, and can read the 401 challenge only if WWW-Authenticate is exposed.
 * Hand-written: five headers, not worth a middleware dependency on node:http.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

const ALLOW_HEADERS =
  "authorization, content-type, accept, mcp-protocol-version, mcp-session-id, last-event-id, x-request-id";
const EXPOSE_HEADERS = "www-authenticate, mcp-session-id, mcp-protocol-version, x-request-id, retry-after";

/** Adds the CORS response headers when the request came from a (checked, allowed) browser origin. */
export function allowOrigin(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin;
  if (!origin) return;
  res.setHeader("Access-Control-Allow-Origin", origin);
  res.setHeader("Access-Control-Expose-Headers", EXPOSE_HEADERS);
  res.setHeader("Vary", "Origin");
}

/** Answers a preflight (OPTIONS) for the MCP endpoint. */
export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  allowOrigin(req, res);
  res.writeHead(204, {
    "Access-Control-Allow-Methods": "POST",
    "Access-Control-Allow-Headers": ALLOW_HEADERS,
    "Access-Control-Max-Age": "600",
  });
  res.end();
}
