/**
 * A tool result: `structuredContent` (validated against the tool's output schema where there is one)
 * plus a compact text rendering of the same data for clients that only show text.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";
import { ToolError } from "../tools/tool-error.js";

export interface RenderInput {
  data: Record<string, unknown>;
  note: string | undefined;
  nextCursor: string | undefined;
}

/** Builds the result; with `schema` the structured content is parsed through it (unknown keys dropped). */
export function renderResult(input: RenderInput, schema?: z.ZodType): CallToolResult {
  let structured: Record<string, unknown> = { ...input.data };
  if (input.note) structured.note = input.note;
  if (input.nextCursor) structured.nextCursor = input.nextCursor;
  if (schema) {
    const parsed = schema.safeParse(structured);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .slice(0, 5)
        .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
        .join("; ");
      throw new ToolError(
        "UnexpectedResponse",
        `the API's answer does not have the shape this tool declares (${issues}). Data as received: ${compactJson(input.data)}`,
      );
    }
    structured = parsed.data as Record<string, unknown>;
  }
  const lines: string[] = [];
  if (input.note) lines.push(input.note);
  if (input.nextCursor) lines.push(`nextCursor: ${input.nextCursor}`);
  lines.push(compactJson(input.data));
  return { content: [{ type: "text", text: lines.join("\n") }], structuredContent: structured };
}

/** JSON without whitespace and without null members. */
export function compactJson(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) => (member === null ? undefined : member)) ?? "";
}
