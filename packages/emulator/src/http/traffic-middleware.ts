import type { IncomingMessage } from "node:http";
import type { MiddlewareHandler } from "hono";
import { ADMIN_PREFIX } from "./admin-routes.js";
import { defaultFaultBody, type FaultRegistry } from "./faults.js";
import { redactPath } from "./redact-path.js";
import type { RequestLog } from "./request-log.js";
import { summarizeBearer, summarizeTokenForm } from "./request-summary.js";

/**
 * Logs every non-admin request of one origin and lets armed faults replace or delay
 * it. Faulted responses are logged too (with `fault: true`), as a client saw them.
 */
export function trafficMiddleware(origin: string, log: RequestLog, faults: FaultRegistry): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    if (url.pathname.startsWith(ADMIN_PREFIX)) return next();
    const started = performance.now();
    const time = new Date().toISOString();
    const summary = {
      ...summarizeBearer(c.req.header("authorization")),
      ...(await summarizeTokenForm(c.req.raw)),
    };
    const fault = faults.take(origin, c.req.method, `${url.pathname}${url.search}`);
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault?.status !== undefined) {
      const body = fault.body ?? defaultFaultBody(fault.status, fault.retryAfter);
      const headers: Record<string, string> = {};
      if (fault.retryAfter !== undefined) headers["Retry-After"] = String(fault.retryAfter);
      c.res =
        typeof body === "string"
          ? new Response(body, {
              status: fault.status,
              headers: { ...headers, "Content-Type": "text/plain" },
            })
          : Response.json(body, { status: fault.status, headers });
    } else {
      await next();
    }
    log.append({
      time,
      method: c.req.method,
      origin,
      url: url.origin,
      path: redactPath(url),
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      ...clientPort(c.env),
      ...summary,
      ...(fault?.status !== undefined ? { fault: true } : {}),
    });
  };
}

/** The client port of the Node request that origin-server.ts passes as Hono's env. */
function clientPort(env: unknown): { clientPort?: number } {
  const port = (env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket.remotePort;
  return port === undefined ? {} : { clientPort: port };
}
