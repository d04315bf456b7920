/**
 * Logs go to stderr and, for every connected server, to MCP logging notifications. stdout belongs
 * to the MCP transport. auth-core's sink is pointed here when auth-core is first loaded.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { currentRequest } from "./auth/request-context.js";

export type LogLevel = "debug" | "info" | "warn" | "error";

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const MCP_LEVEL = { debug: "debug", info: "info", warn: "warning", error: "error" } as const;

const servers = new Set<McpServer>();
let threshold: LogLevel = "warn";
let format: "text" | "json" = "text";

/** Forwards log lines to this server's client while it is connected. */
export function addLogTarget(server: McpServer): () => void {
  servers.add(server);
  return () => servers.delete(server);
}

export function setLogThreshold(level: LogLevel): void {
  threshold = level;
}

/** Hosted mode logs one JSON object per line (with the request's ID and user), for log collectors. */
export function setLogFormat(value: "text" | "json"): void {
  format = value;
}

/** Writes an already-formatted line to stderr and to every connected client. */
export function emitLogLine(level: LogLevel, line: string): void {
  process.stderr.write(format === "json" ? `${jsonLine(level, line)}\n` : `${line}\n`);
  for (const server of servers) {
    if (!server.isConnected()) continue;
    server.sendLoggingMessage({ level: MCP_LEVEL[level], logger: "entra-mcp", data: line }).catch(() => {
      // A client that went away cannot be told; stderr already has the line.
    });
  }
}

/** Logs one line of the server-kit, prefixed with the component, if `level` passes the threshold. */
export function log(level: LogLevel, component: string, message: string): void {
  if (ORDER[level] < ORDER[threshold]) return;
  emitLogLine(level, `[entra-mcp:${component}] ${level}: ${message}`);
}

function jsonLine(level: LogLevel, message: string): string {
  const request = currentRequest();
  return JSON.stringify({
    time: new Date().toISOString(),
    level,
    message,
    ...(request
      ? {
          requestId: request.requestId,
          ...(request.user ? { oid: request.user.oid, tid: request.user.tid } : {}),
          ...(request.tool ? { tool: request.tool } : {}),
        }
      : {}),
  });
}
