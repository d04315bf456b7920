/**
 * The context of one hosted (HTTP) request: who is calling and which tool runs. Carried through the
 * async call chain by AsyncLocalStorage, so a tool call deep inside the MCP SDK gets the token of the
 * request's own user (On-Behalf-Of) and log lines name the request, without threading it through
 * every function. Outside a request (stdio) there is none, and the process's own auth applies.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { InboundUser } from "@entra-mcp/auth-core";

export interface RequestContext {
  /** A random ID per HTTP request, in every log line of that request. */
  requestId: string;
  /** The validated caller; undefined when inbound auth is off (local development only). */
  user: InboundUser | undefined;
  /** The tool a tools/call request runs (for the request log). */
  tool?: string | undefined;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` with `context` as the current request. */
export function runInRequest<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The current request's context, or undefined outside an HTTP request. */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}
