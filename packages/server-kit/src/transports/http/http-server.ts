/**
 * The HTTP front of hosted mode (node:http): routes, and the checks every MCP request passes in order
 * — Host and Origin (403), the caller's token (401/403), the caller's rate (429), the body's size
 * (413) — before a stateless MCP server sees it. /healthz and the Protected Resource Metadata are
 * public and reveal nothing about users or configuration.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { ApiDescription } from "../../api-description.js";
import type { RequestContext } from "../../auth/request-context.js";
import { log } from "../../logging.js";
import { allowOrigin, answerPreflight } from "./cors.js";
import type { HostedSettings } from "./hosted-settings.js";
import type { InboundGate } from "./inbound-gate.js";
import { methodOf, serveMcpRequest, toolOf } from "./mcp-endpoint.js";
import { RateLimiter } from "./rate-limiter.js";
import { readJsonBody } from "./read-body.js";
import { type Allowed, checkHostAndOrigin } from "./request-guard.js";
import { logRequest, requestIdFor } from "./request-log.js";

/** What is known once the server listens (the port decides the public URL when none is configured). */
export interface HostedRoutes {
  /** Pathname of the MCP endpoint (the public URL's path). */
  mcpPath: string;
  /** Pathnames that serve the Protected Resource Metadata. */
  metadataPaths: string[];
  /** Which Host/Origin values are accepted. */
  allowed: Allowed;
  /** The inbound token check; undefined only when auth is off for local development. */
  gate: InboundGate | undefined;
}

export interface HostedServer {
  server: Server;
  /** Requests being answered now. */
  inFlight(): number;
  /** Stops taking requests: new ones get 503 and /healthz says draining. */
  drain(): void;
  /** Set once listening; until then every request gets 503. */
  configure(routes: HostedRoutes): void;
}

/** Builds the node:http server for `description` (not yet listening). */
export function createHostedServer(
  description: ApiDescription,
  env: NodeJS.ProcessEnv,
  settings: HostedSettings,
): HostedServer {
  const limiter = new RateLimiter(settings.rateLimitPerMinute);
  let routes: HostedRoutes | undefined;
  let draining = false;
  let inFlight = 0;

  const handle = async (
    req: IncomingMessage,
    res: ServerResponse,
    context: RequestContext,
    seen: { rpc?: string | undefined },
  ) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (!routes) return reply(res, 503, { status: "starting" }, { "Retry-After": "1" });
    const { gate } = routes;
    if (path === "/healthz") {
      if (req.method !== "GET" && req.method !== "HEAD")
        return reply(res, 405, { error: "method not allowed" }, { Allow: "GET" });
      return reply(res, draining ? 503 : 200, { status: draining ? "draining" : "ok" });
    }
    if (gate && routes.metadataPaths.includes(path)) {
      if (req.method !== "GET") return reply(res, 405, { error: "method not allowed" }, { Allow: "GET" });
      // A public document: any web client may read it (RFC 9728 discovery from a browser).
      return reply(res, 200, gate.metadata, { "Access-Control-Allow-Origin": "*" });
    }
    if (path !== routes.mcpPath) return reply(res, 404, { error: "not found" });

    const refused = checkHostAndOrigin(req, routes.allowed);
    if (refused) return rpcError(res, refused.status, refused.message);
    // The origin (if any) is allowed from here on: a browser client may read every answer.
    if (req.method === "OPTIONS") return answerPreflight(req, res);
    allowOrigin(req, res);
    if (draining)
      return rpcError(res, 503, "The server is shutting down. Fix: retry; another replica will answer.", {
        Connection: "close",
        "Retry-After": "1",
      });
    if (gate) {
      const checked = await gate.check(req);
      if (!checked.ok)
        return rpcError(res, checked.status, checked.message, { "WWW-Authenticate": checked.challenge });
      context.user = checked.user;
    }
    if (req.method !== "POST") {
      // Stateless: no standalone SSE stream (GET) and no session to delete (DELETE).
      return rpcError(res, 405, "This server is stateless: send each JSON-RPC message as a POST.", {
        Allow: "POST",
      });
    }
    const who = context.user
      ? `${context.user.tid}/${context.user.oid}`
      : `address:${req.socket.remoteAddress ?? ""}`;
    const rate = limiter.take(who);
    if (!rate.ok) {
      return rpcError(
        res,
        429,
        `Too many requests from this user (limit ${settings.rateLimitPerMinute} a minute). Fix: wait ${rate.retryAfterSeconds} s and retry.`,
        {
          "Retry-After": String(rate.retryAfterSeconds),
        },
      );
    }
    const body = await readJsonBody(req, settings.maxBodyBytes);
    if (!body.ok) {
      return rpcError(res, body.status, body.message, {}, body.status === 400 ? -32700 : -32600);
    }
    context.tool = toolOf(body.value);
    seen.rpc = methodOf(body.value);
    await serveMcpRequest(req, res, body.value, description, env, context);
  };

  const server = createServer((req, res) => {
    const started = performance.now();
    const context: RequestContext = { requestId: requestIdFor(req), user: undefined };
    const seen: { rpc?: string | undefined } = {};
    res.setHeader("X-Request-Id", context.requestId);
    inFlight += 1;
    // While draining, every answer closes its connection, so keep-alive sockets do not hold shutdown.
    if (draining) res.setHeader("Connection", "close");
    res.once("close", () => {
      inFlight -= 1;
      if (draining) setImmediate(() => server.closeIdleConnections());
      logRequest(context, {
        status: res.statusCode,
        method: req.method ?? "",
        path: new URL(req.url ?? "/", "http://localhost").pathname,
        ms: Math.round(performance.now() - started),
        rpc: seen.rpc,
      });
    });
    handle(req, res, context, seen).catch((error: unknown) => {
      log(
        "error",
        "http",
        `request ${context.requestId} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      if (!res.headersSent)
        rpcError(res, 500, "Internal error. The server's log has the details (request ID in X-Request-Id).");
      else res.end();
    });
  });
  // A slow client may not hold a connection forever (slowloris): whole request within 30 s.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;

  return {
    server,
    inFlight: () => inFlight,
    drain: () => {
      draining = true;
    },
    configure: (value) => {
      routes = value;
    },
  };
}

function reply(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers });
  res.end(text);
}

/** A refusal in the JSON-RPC error shape the MCP SDK's own transport uses (id null: no message was read). */
function rpcError(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
  code = -32000,
): void {
  reply(res, status, { jsonrpc: "2.0", error: { code, message }, id: null }, headers);
}
