/**
 * The auth core's logger: stderr only (stdout belongs to MCP), every line redacted.
 * A host (e.g. an MCP server) may replace the sink to forward lines as logging notifications.
 */
import { redact } from "./redact.js";

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogSink = (level: LogLevel, line: string) => void;

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

let sink: LogSink = (_level, line) => process.stderr.write(`${line}\n`);
let threshold: LogLevel = parseLevel(process.env.ENTRA_MCP_LOG_LEVEL) ?? "warn";

function parseLevel(value: string | undefined): LogLevel | undefined {
  return value && value in ORDER ? (value as LogLevel) : undefined;
}

/** Sends auth-core log lines somewhere else (still redacted); returns the previous sink. */
export function setLogSink(next: LogSink, level?: LogLevel): LogSink {
  const previous = sink;
  sink = next;
  if (level) threshold = level;
  return previous;
}

/** Logs one redacted line prefixed with the component name, if `level` passes the threshold. */
export function log(level: LogLevel, component: string, message: string): void {
  if (ORDER[level] < ORDER[threshold]) return;
  sink(level, redact(`[entra-mcp:${component}] ${level}: ${message}`));
}

/**
 * Tells the person something they must act on (a device code, a browser prompt). Always shown,
 * whatever the log level, and never on stdout.
 */
export function notifyUser(component: string, message: string): void {
  sink("warn", redact(`[entra-mcp:${component}] ${message}`));
}
