/**
 * Bounds on what a tool call may carry, checked before anything else runs: long strings, oversized
 * bodies and header values that could smuggle a second header line.
 */
import { ToolError } from "./tool-error.js";

export const MAX_STRING_ARG = 32 * 1024;
export const MAX_BODY_BYTES = 100 * 1024;
const MAX_TOTAL_BYTES = 256 * 1024;
const HEADER_VALUE = /^[\x20-\x7e]*$/;

/** Headers a description or caller may set; everything else (Authorization, Host, …) is ours. */
const ALLOWED_HEADERS = new Map(
  ["ConsistencyLevel", "Prefer", "If-Match", "If-None-Match"].map((name) => [name.toLowerCase(), name]),
);

/** Rejects string arguments over MAX_STRING_ARG and argument sets over 256 KB. */
export function checkArgSizes(args: Record<string, unknown>, exempt: string[] = []): void {
  const total = Buffer.byteLength(JSON.stringify(args) ?? "", "utf8");
  if (total > MAX_TOTAL_BYTES) {
    throw new ToolError(
      "ArgumentsTooLarge",
      `the arguments are ${total} bytes; the limit is ${MAX_TOTAL_BYTES}.`,
    );
  }
  const walk = (value: unknown, path: string, depth: number): void => {
    if (typeof value === "string") {
      if (value.length > MAX_STRING_ARG) {
        throw new ToolError(
          "ArgumentTooLarge",
          `argument "${path}" is ${value.length} characters; the limit is ${MAX_STRING_ARG}.`,
        );
      }
      return;
    }
    if (!value || typeof value !== "object" || depth > 32) return;
    for (const [key, child] of Object.entries(value)) walk(child, path ? `${path}.${key}` : key, depth + 1);
  };
  for (const [key, value] of Object.entries(args)) {
    if (!exempt.includes(key)) walk(value, key, 0);
  }
}

/** Serializes a JSON body within MAX_BODY_BYTES. */
export function serializeBody(body: unknown): string | undefined {
  if (body === undefined) return undefined;
  const text = JSON.stringify(body);
  if (Buffer.byteLength(text, "utf8") > MAX_BODY_BYTES) {
    throw new ToolError("BodyTooLarge", `the body is larger than ${MAX_BODY_BYTES / 1024} KB.`);
  }
  return text;
}

/** Keeps only allowlisted headers with printable values; anything else is refused with a message. */
export function allowedHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const canonical = ALLOWED_HEADERS.get(name.toLowerCase());
    if (!canonical) {
      throw new ToolError(
        "HeaderNotAllowed",
        `header "${name.slice(0, 100)}" cannot be set. Fix: only ${[...ALLOWED_HEADERS.values()].join(", ")} are allowed.`,
      );
    }
    const text = String(value);
    if (!HEADER_VALUE.test(text) || text.length > 1024) {
      throw new ToolError("HeaderNotAllowed", `header ${canonical} has an invalid value.`);
    }
    out[canonical] = text;
  }
  return out;
}
