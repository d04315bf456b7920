/**
 * The access log of hosted mode: one JSON line on stderr per request, with its ID, the caller's
 * object ID and tenant, the tool and the status. Only these fields, picked one by one: never a
 * header, a body or a token.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { RequestContext } from "../../auth/request-context.js";

export interface RequestRecord {
  status: number;
  method: string;
  path: string;
  ms: number;
  rpc?: string | undefined;
}

/** The client's X-Request-Id when it is a plain identifier (so it can be correlated), else a new one. */
export function requestIdFor(req: IncomingMessage): string {
  const given = req.headers["x-request-id"];
  return typeof given === "string" && /^[\w.:-]{8,64}$/.test(given) ? given : randomUUID();
}

/** Writes the request's line to stderr. */
export function logRequest(context: RequestContext, record: RequestRecord): void {
  const line = {
    time: new Date().toISOString(),
    level: record.status >= 500 ? "error" : record.status >= 400 ? "warn" : "info",
    event: "request",
    requestId: context.requestId,
    method: record.method,
    path: record.path,
    status: record.status,
    ms: record.ms,
    ...(record.rpc ? { rpc: record.rpc } : {}),
    ...(context.tool ? { tool: context.tool } : {}),
    ...(context.user ? { oid: context.user.oid, tid: context.user.tid, caller: context.user.kind } : {}),
  };
  process.stderr.write(`${JSON.stringify(line)}\n`);
}
