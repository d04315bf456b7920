/** Tool arguments and query helpers the Graph operations share. */
import { z } from "zod";

export type Args = Record<string, unknown>;

export const top = z.number().int().min(1).max(999).optional().describe("Page size ($top)");
export const select = z.string().max(1000).optional().describe("Comma-separated properties ($select)");
export const filter = z.string().max(2000).optional().describe("OData $filter");
export const search = z
  .string()
  .max(500)
  .optional()
  .describe("$search: words match displayName; or mail:ada, clauses joined by AND/OR");
export const userId = z.string().min(1).max(256).describe("Object ID or userPrincipalName");
export const groupId = z.string().min(1).max(100).describe("Group object ID");
export const servicePrincipalId = z.string().min(1).max(100).describe("Service principal object ID");

export const text = (value: unknown): string | undefined =>
  typeof value === "string" && value ? value : undefined;

/** Graph wants every $search clause quoted as "property:term"; bare words search displayName. */
export function searchClause(value: unknown): string | undefined {
  const term = text(value);
  if (!term) return undefined;
  if (term.includes('"')) return term;
  // split() with a capture group keeps the AND/OR operators at the odd indexes.
  return term
    .split(/\s+(AND|OR)\s+/)
    .map((part, index) => (index % 2 === 1 ? part : `"${part.includes(":") ? part : `displayName:${part}`}"`))
    .join(" ");
}

// Operators the directory serves only as "advanced queries" (aad-advanced-queries): endsWith,
// ne, not / NOT, and $orderby together with $filter. String literals are blanked first so
// that a name like 'Anne' is not read as an operator.
const ADVANCED_FILTER = /\bendswith\s*\(|\bne\b|\bnot\b/i;

/** True when a directory query needs `ConsistencyLevel: eventual` and `$count=true`. */
export function needsAdvancedQuery(args: Args): boolean {
  if (text(args.search)) return true;
  const filterValue = text(args.filter);
  if (!filterValue) return false;
  if (text(args.orderby)) return true;
  return ADVANCED_FILTER.test(filterValue.replace(/'(?:[^']|'')*'/g, "''"));
}

/** Query of a directory-object list: $count=true rides along whenever the query is advanced. */
export function directoryQuery(args: Args) {
  return {
    $search: searchClause(args.search),
    $filter: text(args.filter),
    $orderby: text(args.orderby),
    $select: text(args.select),
    $top: args.top as number | undefined,
    $count: needsAdvancedQuery(args) ? true : undefined,
  };
}

/** The header half of an advanced query. */
export const advancedHeaders = (args: Args): Record<string, string> =>
  needsAdvancedQuery(args) ? { ConsistencyLevel: "eventual" } : {};

/** $select and $top only (relationship lists). */
export const selectTop = (args: Args) => ({
  $select: text(args.select),
  $top: args.top as number | undefined,
});
