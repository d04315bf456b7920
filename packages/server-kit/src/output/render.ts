/**
 * A tool result, with its data on the wire once. MCP (2025-06-18 and later) says a tool that returns
 * structured content SHOULD also return the serialized JSON in a text block, for backwards
 * compatibility. Doing both sent every result twice (2.06x the data) and the byte budget, which counts
 * the data once, let a "25 KB" result reach 50 KB. So, deliberately:
 * - a tool WITH an output schema returns `structuredContent` (validated against the schema) and a short
 *   text that says what it holds (its members, list counts, the note, nextCursor), so that a client
 *   that reads only text still learns what came back and how to continue;
 * - a tool WITHOUT one (the `request` tool, most operations) returns the compact JSON as its only
 *   text, with `note` and `nextCursor` as its first members: every client shows it, models read it.
 * The budget (execute-call.ts) counts what is sent: `measureFor` says how.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";
import { ToolError } from "../tools/tool-error.js";
import { compactJson } from "./compact-json.js";
import { jsonBytes, type Measure, textBytes } from "./fit-budget.js";

export { compactJson };

export interface RenderInput {
  data: Record<string, unknown>;
  note: string | undefined;
  nextCursor: string | undefined;
}

// The short text names this many top-level members at most, then "and N more".
const SUMMARY_MEMBERS = 12;

/** How the budget should count a value for a tool with / without an output schema. */
export function measureFor(schema: z.ZodType | undefined): Measure {
  return schema ? jsonBytes : textBytes;
}

/** Builds the result; with `schema` the structured content is parsed through it (unknown keys dropped). */
export function renderResult(input: RenderInput, schema?: z.ZodType): CallToolResult {
  const full = withNoteFirst(input);
  if (!schema) return { content: [{ type: "text", text: compactJson(full) }] };
  const parsed = schema.safeParse(full);
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
  return {
    content: [{ type: "text", text: summaryText(input) }],
    structuredContent: parsed.data as Record<string, unknown>,
  };
}

/** `note` and `nextCursor` (ours win over members of the same name) first, then the data. */
function withNoteFirst(input: RenderInput): Record<string, unknown> {
  const head: Record<string, unknown> = {};
  if (input.note) head.note = input.note;
  if (input.nextCursor) head.nextCursor = input.nextCursor;
  // Re-assigning a key keeps its first position: head's keys stay first and keep head's values.
  return { ...head, ...input.data, ...head };
}

/** The text beside structuredContent: the note, the cursor, and what the structured content holds. */
export function summaryText(input: RenderInput): string {
  const lines: string[] = [];
  if (input.note) lines.push(input.note);
  if (input.nextCursor) lines.push(`nextCursor: ${input.nextCursor}`);
  lines.push(`structuredContent holds ${describe(input.data)}.`);
  return lines.join("\n");
}

/** Lists and objects with their sizes, plain members by name: the shape, not the data again. */
function describe(data: Record<string, unknown>): string {
  const keys = Object.keys(data);
  const members = keys.slice(0, SUMMARY_MEMBERS).map((key) => {
    const value = data[key];
    if (Array.isArray(value)) return `${key}: ${value.length} item${value.length === 1 ? "" : "s"}`;
    if (value !== null && typeof value === "object") return `${key}: {…}`;
    return key;
  });
  const more = keys.length > SUMMARY_MEMBERS ? `, and ${keys.length - SUMMARY_MEMBERS} more` : "";
  return `{${members.join(", ")}${more}}`;
}
