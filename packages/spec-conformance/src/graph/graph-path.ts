/**
 * Resolves a Graph request path against the CSDL the way an OData service does: entity set or
 * singleton, then keys, navigation and structural properties, type casts, bound functions and
 * actions, $count. The result is the type of the response, which the body check uses.
 */
import type { HttpMethod } from "@entra-mcp/server-kit";
import { type CsdlModel, type CsdlOperation, derivesFrom, findProperty, typeChain } from "./csdl-model.js";

export interface GraphTarget {
  /** Qualified element type, e.g. "microsoft.graph.user"; undefined for no body (an action without return). */
  type: string | undefined;
  collection: boolean;
  /** What the last segment is: it decides which methods and query options apply. */
  kind: "entitySet" | "entity" | "property" | "function" | "action" | "count" | "value" | "batch";
  /** For functions and actions: the operation. */
  operation?: CsdlOperation;
}

export type PathResolution = { ok: true; target: GraphTarget } | { ok: false; problem: string };

const COLLECTION = /^Collection\((.+)\)$/;
const unwrap = (type: string): { type: string; collection: boolean } => {
  const match = COLLECTION.exec(type);
  return match ? { type: match[1] as string, collection: true } : { type, collection: false };
};

/** Splits "search(q='{q}')" into its name and parameter names. */
function splitSegment(segment: string): { name: string; params: string[] | undefined } {
  const open = segment.indexOf("(");
  if (open < 0 || !segment.endsWith(")")) return { name: segment, params: undefined };
  const inner = segment.slice(open + 1, -1);
  const params = inner ? inner.split(",").map((part) => (part.split("=")[0] ?? "").trim()) : [];
  return { name: segment.slice(0, open), params };
}

/** Bound operations named `name` that bind to `type` (or a base type), as a collection or not. */
function boundOperation(
  model: CsdlModel,
  name: string,
  type: string,
  collection: boolean,
): CsdlOperation | undefined {
  const unqualified = name.slice(name.lastIndexOf(".") + 1).toLowerCase();
  const candidates = model.bound.get(unqualified) ?? [];
  for (const t of typeChain(model, type)) {
    const binding = collection ? `Collection(${t.name})` : t.name;
    const found = candidates.find((op) => op.bindingType === binding);
    if (found) return found;
  }
  return undefined;
}

function fromOperation(operation: CsdlOperation): GraphTarget {
  if (!operation.returnType) return { type: undefined, collection: false, kind: operation.kind, operation };
  const { type, collection } = unwrap(operation.returnType);
  return { type, collection, kind: operation.kind, operation };
}

function checkParams(
  operation: CsdlOperation,
  params: string[] | undefined,
  segment: string,
): string | undefined {
  if (operation.kind === "function" && params === undefined && operation.parameters.length > 0) {
    return `function ${operation.name} takes parameters (${operation.parameters.join(", ")}); write them in the segment, e.g. ${operation.name}(${operation.parameters[0]}='...')`;
  }
  const unknown = (params ?? []).filter((p) => !operation.parameters.includes(p));
  if (unknown.length > 0) {
    return `"${segment}": ${operation.name} has no parameter ${unknown.join(", ")} (it has: ${operation.parameters.join(", ") || "none"})`;
  }
  return undefined;
}

/** The target of `path` (relative to /v1.0, {x} placeholders for keys and values). */
export function resolveGraphPath(model: CsdlModel, path: string): PathResolution {
  const segments = path.split("/").filter(Boolean);
  if (segments.length === 1 && segments[0] === "$batch") {
    return { ok: true, target: { type: undefined, collection: false, kind: "batch" } };
  }
  const [first, ...rest] = segments;
  if (!first) return { ok: false, problem: "the path is empty" };
  let current: GraphTarget;
  const { name: firstName, params: firstParams } = splitSegment(first);
  if (model.entitySets.has(first)) {
    current = { type: model.entitySets.get(first), collection: true, kind: "entitySet" };
  } else if (model.singletons.has(first)) {
    current = { type: model.singletons.get(first), collection: false, kind: "entity" };
  } else if (model.imports.has(firstName)) {
    const operation = model.imports.get(firstName) as CsdlOperation;
    const problem = checkParams(operation, firstParams, first);
    if (problem) return { ok: false, problem };
    current = fromOperation(operation);
  } else {
    return {
      ok: false,
      problem: `"/${first}" is no entity set, singleton or unbound function/action of Graph v1.0`,
    };
  }
  for (const segment of rest) {
    const where = current.type ?? "nothing";
    if (current.kind === "count" || current.kind === "value" || current.kind === "action" || !current.type) {
      return {
        ok: false,
        problem: `"${segment}" follows a segment with no addressable result (${current.kind})`,
      };
    }
    const type: string = current.type;
    if (segment === "$count") {
      if (!current.collection) return { ok: false, problem: `$count after a single ${where}` };
      current = { type: "Edm.Int32", collection: false, kind: "count" };
      continue;
    }
    if (segment === "$value") {
      current = { type: "Edm.Stream", collection: false, kind: "value" };
      continue;
    }
    if (segment === "$ref") {
      current = { type: undefined, collection: current.collection, kind: "property" };
      continue;
    }
    const { name, params } = splitSegment(segment);
    // A cast to a derived type: microsoft.graph.user after /directoryObjects, /members, ...
    if (name.includes(".") && model.types.has(name) && params === undefined) {
      if (!derivesFrom(model, name, type)) {
        return { ok: false, problem: `cast "${segment}": ${name} does not derive from ${type}` };
      }
      current = { ...current, type: name };
      continue;
    }
    const operation = boundOperation(model, name, type, current.collection);
    if (operation) {
      const problem = checkParams(operation, params, segment);
      if (problem) return { ok: false, problem };
      current = fromOperation(operation);
      continue;
    }
    if (current.collection) {
      // Anything else after a collection is a key ({id}, a literal ID or a UPN).
      if (current.kind === "property" && !model.types.get(type)) {
        return { ok: false, problem: `"${segment}": ${where} values are not addressable by key` };
      }
      current = { type, collection: false, kind: "entity" };
      continue;
    }
    const property = findProperty(model, type, name);
    if (!property || params !== undefined) {
      return {
        ok: false,
        problem: `"${segment}" is no property, navigation property or bound function/action of ${type}${current.collection ? " collections" : ""}`,
      };
    }
    const target = unwrap(property.type);
    current = {
      type: target.type,
      collection: target.collection,
      kind: property.navigation ? "entitySet" : "property",
    };
    if (!property.navigation) current.kind = "property";
    else if (!target.collection) current.kind = "entity";
  }
  return { ok: true, target: current };
}

/** Why `method` is not allowed on the target, or undefined. */
export function methodProblem(target: GraphTarget, method: HttpMethod): string | undefined {
  const allowed: Record<GraphTarget["kind"], HttpMethod[]> = {
    batch: ["POST"],
    entitySet: ["GET", "POST"],
    entity: ["GET", "PATCH", "PUT", "DELETE"],
    property: ["GET", "PATCH", "PUT", "POST", "DELETE"],
    function: ["GET"],
    action: ["POST"],
    count: ["GET"],
    value: ["GET", "PUT"],
  };
  return allowed[target.kind].includes(method)
    ? undefined
    : `${method} does not apply to ${target.kind === "entitySet" ? "a collection" : `a ${target.kind}`} (allowed: ${allowed[target.kind].join(", ")})`;
}
