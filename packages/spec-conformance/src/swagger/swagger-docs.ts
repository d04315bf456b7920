/**
 * The swagger files of one service, each under the path it has in its source repository, so that
 * relative `$ref`s ("../common/definitions.json#/definitions/ErrorResponse") resolve between them.
 * A `$ref` into a file that is not in the specs folder resolves to undefined (reported, not guessed).
 */
import { posix } from "node:path";
import { specJson } from "../spec-file.js";

export type Json = Record<string, unknown>;

export interface SwaggerDoc {
  /** Path in the source repository, e.g. "platform/swagger.json". */
  source: string;
  json: Json;
}

export interface SwaggerSet {
  title: string;
  /** The documents with `paths` (not the definitions-only ones). */
  apis: SwaggerDoc[];
  /** Every document by source path. */
  bySource: Map<string, SwaggerDoc>;
  /**
   * Property names match ignoring case. The Power BI swagger was written for a C# SDK whose JSON reader
   * ignores case, and it shows: its schema says IsRefreshable where its own examples and the service say
   * isRefreshable.
   */
  caseInsensitive: boolean;
}

/** Spec file name -> its path in Microsoft's repository (see the specs README). */
export const FABRIC_FILES: Record<string, string> = {
  "fabric-platform_swagger.json": "platform/swagger.json",
  "fabric-platform_definitions.json": "platform/definitions/platform.json",
  "fabric-lakehouse_swagger.json": "lakehouse/swagger.json",
  "fabric-lakehouse_definitions.json": "lakehouse/definitions.json",
  "fabric-admin_swagger.json": "admin/swagger.json",
  "fabric-common_definitions.json": "common/definitions.json",
};
export const POWERBI_FILES: Record<string, string> = { "powerbi-swagger.json": "swagger.json" };

const sets = new Map<string, SwaggerSet | undefined>();

/** Builds a set from in-memory documents (unit tests) or files. */
export function swaggerSet(title: string, docs: SwaggerDoc[], caseInsensitive = false): SwaggerSet {
  return {
    caseInsensitive,
    title,
    apis: docs.filter((d) => d.json.paths !== undefined),
    bySource: new Map(docs.map((d) => [d.source, d])),
  };
}

/** The set from the specs folder (read once), or undefined when none of its files is there. */
export function loadSwaggerSet(
  title: string,
  files: Record<string, string>,
  options: { dir?: string; caseInsensitive?: boolean } = {},
): SwaggerSet | undefined {
  const { dir, caseInsensitive = false } = options;
  const key = `${title}|${dir ?? ""}`;
  if (sets.has(key)) return sets.get(key);
  const docs: SwaggerDoc[] = [];
  for (const [file, source] of Object.entries(files)) {
    const json = specJson<Json>(file, dir);
    if (json) docs.push({ source, json });
  }
  const set = docs.some((d) => d.json.paths) ? swaggerSet(title, docs, caseInsensitive) : undefined;
  sets.set(key, set);
  return set;
}

export interface Resolved {
  schema: Json;
  /** The document the schema is in (its own $refs are relative to it). */
  doc: SwaggerDoc;
  /** "#/definitions/Items" style name, for messages. */
  name: string | undefined;
}

/** Follows `$ref`s from `schema` in `doc`; a missing file gives { missing }. */
export function deref(set: SwaggerSet, doc: SwaggerDoc, schema: Json): Resolved | { missing: string } {
  let current: Resolved = { schema, doc, name: undefined };
  for (let hops = 0; hops < 20 && typeof current.schema.$ref === "string"; hops++) {
    const [file, pointer = ""] = (current.schema.$ref as string).split("#");
    const target = file
      ? set.bySource.get(posix.normalize(posix.join(posix.dirname(current.doc.source), file)))
      : current.doc;
    if (!target) return { missing: `${file} (not among the spec files)` };
    let node: unknown = target.json;
    for (const part of pointer.split("/").filter(Boolean))
      node = (node as Json | undefined)?.[
        decodeURIComponent(part.replaceAll("~1", "/").replaceAll("~0", "~"))
      ];
    if (!node || typeof node !== "object") return { missing: `${current.schema.$ref} (no such definition)` };
    current = { schema: node as Json, doc: target, name: pointer.split("/").pop() };
  }
  return current;
}
