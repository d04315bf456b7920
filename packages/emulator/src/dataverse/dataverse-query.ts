import {
  type FilterExpression,
  filterTerms,
  matchesFilter,
  ODataSyntaxError,
  parseFilter,
} from "../odata/filter-expression.js";
import {
  type OrderByTerm,
  parseIntegerOption,
  parseOrderBy,
  parseSelect,
  project,
  sortBy,
} from "../odata/query-options.js";
import { queryError, unknownProperty } from "./dataverse-errors.js";
import type { EntityDefinition } from "./entity-definitions.js";

/** A retrieveMultiple request, from OData options or from FetchXML. */
export interface DataverseQuery {
  select?: string[];
  filter?: FilterExpression;
  orderBy?: OrderByTerm[];
  top?: number;
  count?: boolean;
}

export interface DataversePage {
  rows: Record<string, unknown>[];
  /** Offset of the next page, when there is one. */
  nextOffset?: number;
  totalCount: number;
}

const DEFAULT_PAGE_SIZE = 5000;

/** Parses $select/$filter/$orderby/$top/$count, checking names against the table's attributes. */
/** The system query options Dataverse's Web API takes on a collection ($skip is not one of them). */
const QUERY_OPTIONS = new Set(["$select", "$filter", "$orderby", "$top", "$count", "$expand", "$skiptoken"]);

export function parseODataQuery(params: URLSearchParams, definition: EntityDefinition): DataverseQuery {
  for (const name of params.keys()) {
    if (name === "$apply") throw queryError("The emulator does not implement $apply (aggregation).");
    if (name.startsWith("$") && !QUERY_OPTIONS.has(name))
      throw queryError(`The query parameter ${name} is not supported`);
  }
  const query: DataverseQuery = {};
  try {
    const select = params.get("$select");
    if (select !== null) query.select = parseSelect(select);
    const filter = params.get("$filter");
    if (filter !== null) query.filter = parseFilter(filter);
    const orderBy = params.get("$orderby");
    if (orderBy !== null) query.orderBy = parseOrderBy(orderBy);
  } catch (error) {
    if (error instanceof ODataSyntaxError) throw queryError(error.message);
    throw error;
  }
  const top = parseIntegerOption(params.get("$top") ?? undefined);
  if (top.invalid !== undefined)
    throw queryError(`Invalid value '${top.invalid}' for $top query option found.`);
  if (top.value !== undefined) query.top = top.value;
  if (params.get("$count") === "true") query.count = true;
  validateNames(query, definition);
  return query;
}

export function validateNames(query: DataverseQuery, definition: EntityDefinition): void {
  const known = new Set(definition.attributes);
  const names = [
    ...(query.select ?? []),
    ...(query.filter ? filterTerms(query.filter).map((t) => t.property) : []),
    ...(query.orderBy ?? []).map((o) => o.property),
  ];
  const unknown = names.find((n) => !known.has(n));
  if (unknown) throw unknownProperty(unknown, definition.logicalName);
}

/**
 * Runs the query: filter, order, $top, then one page. $select keeps the primary key and the
 * etag, as Dataverse always returns them.
 */
export function runQuery(
  records: Record<string, unknown>[],
  definition: EntityDefinition,
  query: DataverseQuery,
  page: { offset: number; size?: number },
): DataversePage {
  let rows = records;
  const filter = query.filter;
  if (filter) rows = rows.filter((r) => matchesFilter(filter, r));
  if (query.orderBy) rows = sortBy(rows, query.orderBy);
  if (query.top !== undefined) rows = rows.slice(0, query.top);
  const size = query.top !== undefined ? rows.length || 1 : (page.size ?? DEFAULT_PAGE_SIZE);
  const slice = rows.slice(page.offset, page.offset + size);
  const select = query.select;
  const shaped = select
    ? slice.map((r) => project(r, ["@odata.etag", ...select, definition.primaryIdAttribute]))
    : slice;
  return {
    rows: shaped,
    totalCount: rows.length,
    ...(page.offset + size < rows.length ? { nextOffset: page.offset + size } : {}),
  };
}

/**
 * Dataverse's $skiptoken is a paging cookie: `<cookie pagenumber="2" pagingcookie="..." istracking="False" />`.
 * The emulator keeps the offset of the next row in it.
 */
export function encodePagingCookie(pageNumber: number, offset: number): string {
  const inner = encodeURIComponent(
    encodeURIComponent(`<cookie page="${pageNumber}"><offset>${offset}</offset></cookie>`),
  );
  return `<cookie pagenumber="${pageNumber}" pagingcookie="${inner}" istracking="False" />`;
}

export function decodePagingCookie(cookie: string): { pageNumber: number; offset: number } | undefined {
  const page = /pagenumber="(\d+)"/.exec(cookie);
  const inner = /pagingcookie="([^"]*)"/.exec(cookie);
  if (!page?.[1] || inner?.[1] === undefined) return undefined;
  try {
    const offset = /<offset>(\d+)<\/offset>/.exec(decodeURIComponent(decodeURIComponent(inner[1])));
    return offset?.[1] ? { pageNumber: Number(page[1]), offset: Number(offset[1]) } : undefined;
  } catch {
    return undefined;
  }
}
