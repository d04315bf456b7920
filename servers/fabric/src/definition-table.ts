/**
 * get_item_definition's result as a table of parts: [path, encoding, content], with each payload
 * decoded from base64 when it is UTF-8 text (notebook source, pipeline JSON, .platform), so the
 * model reads the definition instead of base64; binary parts stay base64. A part longer than
 * MAX_PART_CHARS is cut (marked), so one big file does not push the rest out of the result budget.
 */
import type { TableResult } from "@entra-mcp/server-kit";

const MAX_PART_CHARS = 16_000;
const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The payload as text, or undefined when it is not valid UTF-8 (or holds control bytes). */
function textOf(payload: string): string | undefined {
  try {
    const text = utf8.decode(Buffer.from(payload, "base64"));
    // biome-ignore lint/suspicious/noControlCharactersInRegex: binary content is what this detects.
    return /[\u0000-\u0008\u000e-\u001f]/.test(text) ? undefined : text;
  } catch {
    return undefined;
  }
}

const cut = (value: string) =>
  value.length > MAX_PART_CHARS
    ? `${value.slice(0, MAX_PART_CHARS)}… (cut at ${MAX_PART_CHARS} of ${value.length} characters)`
    : value;

export function definitionTable(body: unknown): TableResult | undefined {
  const definition = (body as { definition?: { format?: unknown; parts?: unknown } } | undefined)?.definition;
  if (!definition || !Array.isArray(definition.parts)) return undefined;
  const rows = (definition.parts as { path?: unknown; payload?: unknown }[]).map((part) => {
    const payload = typeof part.payload === "string" ? part.payload : "";
    const text = textOf(payload);
    return [String(part.path ?? ""), text === undefined ? "base64" : "text", cut(text ?? payload)];
  });
  return {
    columns: ["path", "encoding", "content"],
    rows,
    ...(typeof definition.format === "string" ? { extra: { format: definition.format } } : {}),
  };
}
