/**
 * A failure the caller should read: returned as `isError: true` with this message, never thrown to the
 * MCP layer. Messages say what is wrong and end with how to fix it.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

export class ToolError extends Error {
  /** Machine-readable: the API's own error code, or one of ours (e.g. "HostNotAllowed"). */
  readonly code: string;
  /** Extra fields for structured output (e.g. retry time, candidates). */
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = "ToolError";
    this.code = code;
    this.details = details;
  }
}

/** Turns any failure into an MCP tool error result; auth-core errors keep their code and fix. */
export function errorResult(tool: string, error: unknown, redact?: (text: string) => string): CallToolResult {
  const clean = redact ?? ((text: string) => text);
  let code = "Error";
  let message: string;
  let details: Record<string, unknown> | undefined;
  if (error instanceof ToolError) {
    code = error.code;
    message = error.message;
    details = error.details;
  } else if (error instanceof Error && typeof (error as { code?: unknown }).code === "string") {
    // auth-core's EntraMcpError: the message already ends with "Fix: ...".
    code = (error as unknown as { code: string }).code;
    message = error.message;
    // A Conditional Access claims challenge (InteractionRequired): MCP's step-up covers scopes only,
    // so the claims ride along for a client that can pass them to its next sign-in.
    const claims = (error as { claims?: unknown }).claims;
    if (typeof claims === "string") details = { claims };
  } else if (isAbort(error)) {
    code = "Cancelled";
    message = "the call was cancelled.";
  } else {
    message = error instanceof Error ? error.message : String(error);
  }
  return {
    content: [{ type: "text", text: clean(`${tool}: ${message}`) }],
    isError: true,
    _meta: { "entra-mcp/error": { code, ...details } },
  };
}

export function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");
}
