/**
 * Argument sets that drive an operation's query() and headers() through every branch: the sample's
 * own args, then the sample plus each optional argument on its own (a generated value per zod type),
 * then the sample's explicit `branches`. Each set is validated by the operation's input schema
 * first, so defaults apply exactly as they do in a tool call.
 */
import type { OperationDescription } from "@entra-mcp/server-kit";

type Schema = { safeParse(value: unknown): { success: boolean; data?: unknown }; _zod?: { def?: ZodDef } };
interface ZodDef {
  type?: string;
  innerType?: Schema;
  entries?: Record<string, unknown>;
  values?: unknown[];
  element?: Schema;
  options?: Schema[];
}

/** Values that exercise a branch without meaning anything; `filter` gets an advanced-query filter. */
function sampleValue(key: string, schema: Schema | undefined, depth = 0): unknown {
  const def = schema?._zod?.def;
  if (!def || depth > 5) return "x";
  switch (def.type) {
    case "optional":
    case "default":
    case "nullable":
    case "prefault":
    case "nonoptional":
    case "readonly":
    case "catch":
      return sampleValue(key, def.innerType, depth + 1);
    case "string":
      // endswith() is an advanced query on directory objects: it needs ConsistencyLevel + $count.
      return key === "filter" ? "endswith(mail,'@contoso.com')" : "x";
    case "number":
    case "int":
      return 1;
    case "boolean":
      return true;
    case "enum":
      return Object.values(def.entries ?? {})[0];
    case "literal":
      return def.values?.[0];
    case "array":
      return [sampleValue(key, def.element, depth + 1)];
    case "record":
    case "object":
      return {};
    case "union":
      return sampleValue(key, def.options?.[0], depth + 1);
    default:
      return "x";
  }
}

/** The op's input schema applied to `args` (defaults filled), or undefined when they do not validate. */
export function parseArgs(
  op: OperationDescription,
  args: Record<string, unknown>,
): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = { ...args };
  for (const [key, schema] of Object.entries(op.input as unknown as Record<string, Schema>)) {
    const parsed = schema.safeParse(args[key]);
    if (!parsed.success) return undefined;
    if (parsed.data === undefined) delete out[key];
    else out[key] = parsed.data;
  }
  return out;
}

export interface ArgVariant {
  label: string;
  args: Record<string, unknown>;
  /** Holds generated values (see RequestParts.generated). */
  generated: boolean;
}

/** The sample args first, then one variant per optional argument the sample leaves out, then `branches`. */
export function argVariants(
  op: OperationDescription,
  sampleArgs: Record<string, unknown>,
  branches: Record<string, unknown>[] = [],
): ArgVariant[] {
  const variants: ArgVariant[] = [];
  const base = parseArgs(op, sampleArgs);
  if (base) variants.push({ label: "sample args", args: base, generated: false });
  for (const [key, schema] of Object.entries(op.input as unknown as Record<string, Schema>)) {
    if (key in sampleArgs) continue;
    const withKey = parseArgs(op, { ...sampleArgs, [key]: sampleValue(key, schema) });
    // A generated value the schema refuses (an e-mail, a pattern) just leaves that branch to `branches`.
    if (withKey) variants.push({ label: `sample args + ${key}`, args: withKey, generated: true });
  }
  // Every optional argument at once: branches that only open in combination.
  const all: Record<string, unknown> = { ...sampleArgs };
  for (const [key, schema] of Object.entries(op.input as unknown as Record<string, Schema>)) {
    if (!(key in sampleArgs)) all[key] = sampleValue(key, schema);
  }
  const allParsed = parseArgs(op, all);
  if (allParsed && variants.length > 2)
    variants.push({ label: "every optional argument", args: allParsed, generated: true });
  for (const [i, branch] of branches.entries()) {
    const parsed = parseArgs(op, { ...sampleArgs, ...branch });
    if (parsed)
      variants.push({
        label: `branch ${i + 1} (${Object.keys(branch).join(", ")})`,
        args: parsed,
        generated: false,
      });
  }
  return variants;
}
