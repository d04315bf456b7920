/**
 * Checks one incoming JSON value before the SDK sees it, so that every request with an id gets an
 * answer with the right JSON-RPC code. Left to the SDK, a request whose `params` is not an object fails
 * its message schema and is dropped without a reply, and a request whose params do not match its
 * method's schema (tools/call with an array as `arguments`) is answered -32603 (internal error), because
 * the SDK's Protocol parses params inside the handler and treats the ZodError as a crash.
 */
import {
  ClientRequestSchema,
  ErrorCode,
  type JSONRPCMessage,
  JSONRPCMessageSchema,
  type RequestId,
} from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";

export type Checked =
  | { ok: true; message: JSONRPCMessage }
  | { ok: false; id: RequestId | undefined; code: number; message: string };

/** The SDK's schema of each client request, by method (a parse per request, not a union walk). */
const REQUEST_SCHEMAS = new Map<string, z.ZodType>(
  ClientRequestSchema.options.map((schema) => [schema.shape.method.value as string, schema as z.ZodType]),
);

export function checkMessage(value: unknown): Checked {
  const parsed = JSONRPCMessageSchema.safeParse(value);
  if (!parsed.success) return invalidEnvelope(value, parsed.error);
  const message = parsed.data;
  if (!("method" in message) || !("id" in message)) return { ok: true, message };
  const schema = REQUEST_SCHEMAS.get(message.method);
  const params = schema?.safeParse(message);
  if (params && !params.success) {
    return {
      ok: false,
      id: message.id,
      code: ErrorCode.InvalidParams,
      message: `Invalid params for ${message.method}: ${summary(params.error)}`,
    };
  }
  return { ok: true, message };
}

function invalidEnvelope(value: unknown, error: z.ZodError): Checked {
  const record = isRecord(value) ? value : {};
  const id =
    typeof record.id === "string" || Number.isInteger(record.id) ? (record.id as RequestId) : undefined;
  const method = typeof record.method === "string" ? record.method : undefined;
  if (method && record.params !== undefined && !isRecord(record.params)) {
    return {
      ok: false,
      id,
      code: ErrorCode.InvalidParams,
      message: `Invalid params for ${method}: params must be an object (MCP uses named parameters), got ${Array.isArray(record.params) ? "an array" : typeof record.params}.`,
    };
  }
  return {
    ok: false,
    id,
    code: ErrorCode.InvalidRequest,
    message: `Invalid JSON-RPC 2.0 message: ${summary(error)}`,
  };
}

function summary(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
    .join("; ");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
