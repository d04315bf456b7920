import { ODataSyntaxError, orderOf, readPath } from "./filter-expression.js";

/** Splits $select into property names; throws on an empty list. */
export function parseSelect(raw: string): string[] {
  const fields = raw
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  if (fields.length === 0) throw new ODataSyntaxError("The $select query option is empty.");
  return [...new Set(fields)];
}

/** Copies the given properties (in the given order) that exist on the record. */
export function project(record: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) if (field in record) out[field] = record[field];
  return out;
}

export interface OrderByTerm {
  property: string;
  descending: boolean;
}

/** Parses "$orderby=name desc,createdon" into terms. */
export function parseOrderBy(raw: string): OrderByTerm[] {
  const terms = raw
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean)
    .map((term) => {
      const [property, direction, extra] = term.split(/\s+/);
      if (!property || extra !== undefined) throw new ODataSyntaxError(`Invalid $orderby term '${term}'.`);
      const dir = (direction ?? "asc").toLowerCase();
      if (dir !== "asc" && dir !== "desc")
        throw new ODataSyntaxError(`Invalid $orderby direction '${direction}'.`);
      return { property, descending: dir === "desc" };
    });
  if (terms.length === 0) throw new ODataSyntaxError("The $orderby query option is empty.");
  return terms;
}

/** A stable sort by the terms; nulls sort first ascending, as SQL Server and the directory do. */
export function sortBy<T extends Record<string, unknown>>(items: T[], terms: OrderByTerm[]): T[] {
  return [...items].sort((a, b) => {
    for (const term of terms) {
      const x = readPath(a, term.property);
      const y = readPath(b, term.property);
      let order: number;
      if (x === y) order = 0;
      else if (x === null || x === undefined) order = -1;
      else if (y === null || y === undefined) order = 1;
      else order = orderOf(x, y) ?? 0;
      if (order !== 0) return term.descending ? -order : order;
    }
    return 0;
  });
}

/**
 * Parses a page-size style integer option; undefined when absent, NaN-safe.
 * Returns the raw text as well so error messages can quote what the client sent.
 */
export function parseIntegerOption(raw: string | undefined): { value?: number; invalid?: string } {
  if (raw === undefined) return {};
  if (!/^\d+$/.test(raw.trim())) return { invalid: raw };
  return { value: Number(raw) };
}
