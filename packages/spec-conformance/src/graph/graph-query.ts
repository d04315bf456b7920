/**
 * Which query options and headers a Graph request may carry. OData system query options by target
 * (a collection takes $filter/$top/...; an entity $select/$expand), the few non-OData parameters the
 * Graph reference documents, and the advanced-query rule for directory objects.
 */
import type { RequestParts } from "../api-checker.js";
import { type CsdlModel, derivesFrom, findProperty } from "./csdl-model.js";
import type { GraphTarget } from "./graph-path.js";

const COLLECTION_OPTIONS = [
  "$select",
  "$filter",
  "$top",
  "$skip",
  "$orderby",
  "$expand",
  "$count",
  "$search",
  "$skiptoken",
  "$format",
];
const SINGLE_OPTIONS = ["$select", "$expand", "$format"];

/**
 * Query parameters the Graph v1.0 reference documents beyond OData's (the CSDL has no place for
 * them), by the path's last segment, lowercase: calendarView's window
 * (learn.microsoft.com/graph/api/user-list-calendarview), site search's keywords
 * (learn.microsoft.com/graph/api/site-search: GET /sites?search=) and delta's tokens.
 */
const DOCUMENTED_PARAMETERS: Record<string, string[]> = {
  calendarview: ["startDateTime", "endDateTime"],
  sites: ["search"],
  delta: ["$deltatoken", "$skiptoken"],
};

/** Headers a tool may set on Graph (ConsistencyLevel for advanced queries, Prefer for options). */
const HEADERS = ["consistencylevel", "prefer"];

// Filters that make a directory query "advanced" (learn.microsoft.com/graph/aad-advanced-queries).
const ADVANCED_FILTER = /\bendswith\s*\(|\s(ne|not)\s|\bnot\s*\(|\$count/i;

export function graphQueryProblems(
  model: CsdlModel,
  target: GraphTarget,
  lastSegment: string,
  parts: RequestParts,
): string[] {
  const problems: string[] = [];
  const where = `${parts.label}`;
  const composable =
    target.kind !== "action" && target.kind !== "batch" && target.kind !== "count" && target.kind !== "value";
  const options = !composable ? [] : target.collection ? COLLECTION_OPTIONS : SINGLE_OPTIONS;
  const documented = DOCUMENTED_PARAMETERS[lastSegment.replace(/\(.*$/, "").toLowerCase()] ?? [];
  for (const [name, value] of Object.entries(parts.query)) {
    if (options.includes(name) || documented.includes(name)) {
      if (name === "$top" && !(Number.isInteger(Number(value)) && Number(value) > 0)) {
        problems.push(`${where}: $top=${value} is not a positive integer`);
      }
      if (name === "$count" && String(value) !== "true" && String(value) !== "false") {
        problems.push(`${where}: $count=${value} must be true or false`);
      }
      continue;
    }
    problems.push(
      name.startsWith("$")
        ? `${where}: ${name} does not apply to ${target.collection ? "a collection" : `a ${target.kind}`} here (valid: ${options.join(", ") || "none"})`
        : `${where}: query parameter "${name}" is not an OData option or a documented parameter of this path`,
    );
  }
  for (const [name, value] of Object.entries(parts.headers)) {
    const lower = name.toLowerCase();
    if (!HEADERS.includes(lower))
      problems.push(`${where}: header ${name} is not one Graph takes from a tool (ConsistencyLevel, Prefer)`);
    if (lower === "consistencylevel" && value !== "eventual")
      problems.push(`${where}: ConsistencyLevel must be "eventual", not "${value}"`);
  }
  if (!parts.generated && target.type) problems.push(...namedPropertyProblems(model, target.type, parts));
  // Advanced queries on directory objects: $search needs ConsistencyLevel: eventual; endswith, ne, not
  // and $count need it and $count=true. Real Graph answers 400 Request_UnsupportedQuery without them.
  const directory =
    target.type !== undefined &&
    target.collection &&
    derivesFrom(model, target.type, "microsoft.graph.directoryObject");
  if (directory) {
    const eventual = Object.entries(parts.headers).some(
      ([k, v]) => k.toLowerCase() === "consistencylevel" && v === "eventual",
    );
    const count = String(parts.query.$count) === "true";
    const filter = String(parts.query.$filter ?? "");
    if (parts.query.$search !== undefined && !eventual) {
      problems.push(`${where}: $search on ${target.type} needs the header ConsistencyLevel: eventual`);
    }
    if (ADVANCED_FILTER.test(` ${filter} `) && !(eventual && count)) {
      problems.push(
        `${where}: $filter=${filter} is an advanced query on ${target.type}: send ConsistencyLevel: eventual and $count=true`,
      );
    }
  }
  return problems;
}

/** The type and every type derived from it (a polymorphic collection returns their properties too). */
function withDerived(model: CsdlModel, type: string): string[] {
  const out = [type];
  for (let i = 0; i < out.length && out.length < 500; i++)
    out.push(...(model.derived.get(out[i] as string) ?? []));
  return out;
}

/** $select, $expand and $orderby name properties of the target type (or a derived type). */
function namedPropertyProblems(model: CsdlModel, type: string, parts: RequestParts): string[] {
  if (!model.types.has(type)) return [];
  const types = withDerived(model, type);
  const find = (name: string) => types.map((t) => findProperty(model, t, name)).find(Boolean);
  const problems: string[] = [];
  // Top-level commas only: $expand=members($select=id,displayName) is one item.
  const items = (value: unknown) =>
    String(value ?? "")
      .split(/,(?![^(]*\))/)
      .map((item) => item.trim())
      .filter(Boolean);
  for (const name of items(parts.query.$select)) {
    if (name !== "*" && !find(name))
      problems.push(`${parts.label}: $select=${name}: ${type} has no property "${name}"`);
  }
  for (const item of items(parts.query.$expand)) {
    const name = item.replace(/\(.*$/, "").split("/")[0] as string;
    const property = name === "*" ? undefined : find(name);
    if (name !== "*" && !property?.navigation)
      problems.push(`${parts.label}: $expand=${name}: ${type} has no navigation property "${name}"`);
  }
  for (const item of items(parts.query.$orderby)) {
    const name = (item.split(/\s+/)[0] as string).split("/")[0] as string;
    if (!find(name)) problems.push(`${parts.label}: $orderby=${name}: ${type} has no property "${name}"`);
  }
  return problems;
}
