/**
 * A tool's input or output as a zod object, built once per described tool (and variant) and reused
 * by every server built from that description. The MCP SDK wraps a raw shape in z.object at each
 * registration, and hosted mode builds a server per request: wrapping 30+ tools' shapes cost ~0.5 ms
 * of zod per request plus ~1 ms of collecting what it left behind (CPU profile of graph --http, warm
 * tools/call). Given a z.object, the SDK uses it as it is.
 */
import { z } from "zod";

const built = new WeakMap<object, Map<string, z.ZodObject<z.ZodRawShape>>>();

/** The z.object of `shape()` for `owner` (an operation, app tool or description) and `variant`. */
export function toolSchema(
  owner: object,
  variant: string,
  shape: () => z.ZodRawShape,
): z.ZodObject<z.ZodRawShape> {
  let byVariant = built.get(owner);
  if (!byVariant) {
    byVariant = new Map();
    built.set(owner, byVariant);
  }
  let schema = byVariant.get(variant);
  if (!schema) {
    schema = z.object(shape());
    byVariant.set(variant, schema);
  }
  return schema;
}
