/**
 * One MCP request, stateless: a fresh server and SDK transport per HTTP request (the SDK's stateless
 * mode, `sessionIdGenerator: undefined`), so any replica can serve any request and nothing is kept
 * between them. The answer is JSON; a tools/call that asked for progress (a progressToken) is
 * answered as an SSE stream instead, the one case where a response streams.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { ApiDescription } from "../../api-description.js";
import { type RequestContext, runInRequest } from "../../auth/request-context.js";
import { createEntraMcpServer } from "../../create-server.js";
import { log } from "../../logging.js";

/** Serves one POSTed JSON-RPC message (already read and parsed) in `context`. */
export async function serveMcpRequest(
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
  description: ApiDescription,
  env: NodeJS.ProcessEnv,
  context: RequestContext,
): Promise<void> {
  const tool = toolOf(body);
  const server = createEntraMcpServer(description, {
    env,
    forwardLogs: false,
    ...(tool ? { onlyTool: tool } : {}),
  });
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: !wantsProgress(body),
  });
  transport.onerror = (error) => runInRequest(context, () => log("warn", "http", error.message));
  res.once("close", () => {
    // The client went away or the answer is sent: stop the tool call (its signal aborts) and free both.
    transport.close().catch(() => undefined);
    server.close().catch(() => undefined);
  });
  await server.connect(transport);
  await runInRequest(context, () => transport.handleRequest(req, res, body));
}

/** The tool a tools/call message runs (for the request log); undefined for anything else. */
export function toolOf(body: unknown): string | undefined {
  if (!isRecord(body) || body.method !== "tools/call" || !isRecord(body.params)) return undefined;
  const name = body.params.name;
  // A name is at most a short identifier; anything else is not logged as given.
  return typeof name === "string" && /^[\w.-]{1,128}$/.test(name) ? name : undefined;
}

/** The JSON-RPC method of the message, when it is a plain identifier (for the request log). */
export function methodOf(body: unknown): string | undefined {
  if (!isRecord(body) || typeof body.method !== "string") return undefined;
  return /^[\w/.-]{1,64}$/.test(body.method) ? body.method : undefined;
}

function wantsProgress(body: unknown): boolean {
  if (!isRecord(body) || body.method !== "tools/call" || !isRecord(body.params)) return false;
  const meta = body.params._meta;
  return isRecord(meta) && (typeof meta.progressToken === "string" || typeof meta.progressToken === "number");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
