/**
 * Checks a Graph JSON body against the CSDL type of its target: every property name must be defined by
 * the type, a base type, or the type its `@odata.type` names (which must derive from it), recursively
 * into complex and navigation values. `@odata.*` and other instance annotations are allowed.
 */
import { type CsdlModel, derivesFrom, findProperty } from "./csdl-model.js";

const COLLECTION = /^Collection\((.+)\)$/;
const EXTENSION_NAME = /^(ext[a-z0-9]{8}_\w+|extension_[0-9a-f]{32}_\w+)$/i;
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The problems of `value` as a `type` (qualified, maybe Collection(...)), at JSON path `at`. */
export function graphValueProblems(
  model: CsdlModel,
  value: unknown,
  type: string,
  at: string,
  problems: string[] = [],
): string[] {
  if (value === null || value === undefined || problems.length > 50) return problems;
  const collection = COLLECTION.exec(type);
  if (collection) {
    if (!Array.isArray(value)) {
      problems.push(`${at}: expected an array (${type})`);
      return problems;
    }
    value.forEach((item, i) => {
      graphValueProblems(model, item, collection[1] as string, `${at}[${i}]`, problems);
    });
    return problems;
  }
  if (type.startsWith("Edm.") || model.enums.has(type) || !model.types.has(type)) return problems;
  if (!isRecord(value)) {
    problems.push(`${at}: expected an object (${type})`);
    return problems;
  }
  let actual = type;
  const declared = value["@odata.type"];
  if (typeof declared === "string") {
    const name = declared.replace(/^#/, "");
    if (!model.types.has(name)) problems.push(`${at}.@odata.type: "${declared}" is no type of Graph v1.0`);
    else if (!derivesFrom(model, name, type))
      problems.push(`${at}.@odata.type: ${name} does not derive from ${type}`);
    else actual = name;
  }
  // Graph declares most entity types open (OpenType="true") for extensions, which would let any name
  // through; only extension-shaped names are let through: schema extensions (ext1a2b3c4d_name) and
  // directory extensions (extension_<appId without dashes>_name).
  const open = model.types.get(actual)?.open === true;
  for (const [key, child] of Object.entries(value)) {
    // Instance annotations (@odata.context, @odata.type, @microsoft.graph.tips) and property
    // annotations (members@odata.nextLink) are part of the protocol, not of the type.
    const annotation = key.indexOf("@");
    if (annotation === 0) continue;
    const name = annotation > 0 ? key.slice(0, annotation) : key;
    const property = findProperty(model, actual, name);
    if (!property) {
      if (!(open && EXTENSION_NAME.test(name)))
        problems.push(`${at}.${key}: ${actual} has no property "${name}"`);
      continue;
    }
    if (annotation < 0) graphValueProblems(model, child, property.type, `${at}.${key}`, problems);
  }
  return problems;
}

/** A response body: a collection is { value: [...] } with @odata annotations; else the entity itself. */
export function graphBodyProblems(
  model: CsdlModel,
  body: unknown,
  type: string,
  collection: boolean,
): string[] {
  if (!collection) return graphValueProblems(model, body, type, "$");
  if (!isRecord(body)) return [`$: expected an object with "value" (Collection(${type}))`];
  const problems: string[] = [];
  for (const key of Object.keys(body)) {
    if (key !== "value" && !key.startsWith("@"))
      problems.push(`$.${key}: a collection response has only "value" and @odata annotations`);
  }
  return graphValueProblems(model, body.value, `Collection(${type})`, "$.value", problems);
}
