/**
 * Checks a JSON body against a swagger schema: property names must be defined by the schema, its
 * allOf parents, or the subtype its discriminator value selects (x-ms-discriminator-value), following
 * $refs across the set's files, recursively into objects and arrays.
 */
import { deref, type Json, type SwaggerDoc, type SwaggerSet } from "./swagger-docs.js";

const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

interface Shape {
  properties: Map<string, { schema: Json; doc: SwaggerDoc }>;
  /** additionalProperties or no declared properties at all: any name goes. */
  open: boolean;
  discriminator: string | undefined;
  names: string[];
}

export interface BodyCheck {
  problems: string[];
  /** Schemas that could not be followed (a $ref into a file the specs folder lacks). */
  unresolved: string[];
}

/** Own and allOf properties of an object schema. */
function shapeOf(
  set: SwaggerSet,
  doc: SwaggerDoc,
  schema: Json,
  out: BodyCheck,
  shape?: Shape,
  depth = 0,
): Shape {
  const s: Shape = shape ?? { properties: new Map(), open: false, discriminator: undefined, names: [] };
  const r = deref(set, doc, schema);
  if ("missing" in r) {
    out.unresolved.push(r.missing);
    s.open = true;
    return s;
  }
  if (r.name) s.names.push(r.name);
  const props = r.schema.properties as Record<string, Json> | undefined;
  for (const [name, sub] of Object.entries(props ?? {})) s.properties.set(name, { schema: sub, doc: r.doc });
  const additional = r.schema.additionalProperties;
  if (additional !== undefined && additional !== false) s.open = true;
  if (typeof r.schema.discriminator === "string") s.discriminator ??= r.schema.discriminator;
  for (const part of (r.schema.allOf as Json[] | undefined) ?? []) {
    if (depth < 10) shapeOf(set, r.doc, part, out, s, depth + 1);
  }
  return s;
}

/** Definitions anywhere in the set whose allOf refers to `base` and whose discriminator value is `value`. */
function subtype(
  set: SwaggerSet,
  base: string,
  value: string,
): { doc: SwaggerDoc; schema: Json } | undefined {
  for (const doc of set.bySource.values()) {
    for (const [name, def] of Object.entries(
      (doc.json.definitions as Record<string, Json> | undefined) ?? {},
    )) {
      const parents = ((def.allOf as Json[] | undefined) ?? []).map((p) => String(p.$ref ?? ""));
      if (!parents.some((ref) => ref.endsWith(`/definitions/${base}`))) continue;
      if ((def["x-ms-discriminator-value"] ?? name) === value)
        return { doc, schema: { $ref: `#/definitions/${name}` } };
    }
  }
  return undefined;
}

function lowerCased(shape: Shape): Map<string, { schema: Json; doc: SwaggerDoc }> {
  return new Map([...shape.properties].map(([name, value]) => [name.toLowerCase(), value]));
}

function check(
  set: SwaggerSet,
  doc: SwaggerDoc,
  schema: Json,
  value: unknown,
  at: string,
  out: BodyCheck,
  depth: number,
): void {
  if (value === null || value === undefined || depth > 30 || out.problems.length > 50) return;
  const r = deref(set, doc, schema);
  if ("missing" in r) {
    out.unresolved.push(`${at}: ${r.missing}`);
    return;
  }
  if (Array.isArray(value)) {
    const items = r.schema.items as Json | undefined;
    if (items)
      value.forEach((item, i) => {
        check(set, r.doc, items, item, `${at}[${i}]`, out, depth + 1);
      });
    return;
  }
  if (!isRecord(value)) return;
  const shape = shapeOf(set, doc, schema, out);
  if (shape.discriminator && typeof value[shape.discriminator] === "string") {
    const base = shape.names[0];
    const sub = base ? subtype(set, base, value[shape.discriminator] as string) : undefined;
    if (sub) shapeOf(set, sub.doc, sub.schema, out, shape);
  }
  if (shape.properties.size === 0 && !r.schema.allOf) return; // a free-form object
  for (const [key, child] of Object.entries(value)) {
    const property =
      shape.properties.get(key) ??
      (set.caseInsensitive ? lowerCased(shape).get(key.toLowerCase()) : undefined);
    if (!property) {
      if (!shape.open && !key.startsWith("@odata.")) {
        out.problems.push(`${at}.${key}: ${shape.names[0] ?? "the schema"} has no property "${key}"`);
      }
      continue;
    }
    check(set, property.doc, property.schema, child, `${at}.${key}`, out, depth + 1);
  }
}

export function swaggerBodyProblems(
  set: SwaggerSet,
  doc: SwaggerDoc,
  schema: Json,
  body: unknown,
): BodyCheck {
  const out: BodyCheck = { problems: [], unresolved: [] };
  check(set, doc, schema, body, "$", out, 0);
  return out;
}
