import type { Context } from "hono";
import { odataLink } from "../http/odata-link.js";
import { decodeOffsetToken, encodeOffsetToken } from "../http/offset-token.js";
import {
  filterTerms,
  matchesFilter,
  ODataSyntaxError,
  parseFilter,
  usesNot,
} from "../odata/filter-expression.js";
import { parseIntegerOption, parseOrderBy, parseSelect, project, sortBy } from "../odata/query-options.js";
import { graphError, unsupportedQuery } from "./graph-errors.js";
import { matchesSearch, parseSearch, SearchSyntaxError, searchProperties } from "./graph-search.js";

/** How one Graph collection behaves: which query options it supports and how it pages. */
export interface GraphCollectionSpec {
  /** Resource name used in Graph's messages, e.g. "User". */
  resource: string;
  /** e.g. "microsoft.graph.user", for $select errors. */
  odataType: string;
  /** @odata.context fragment, e.g. "users". */
  contextFragment: string;
  /** Every item serialized with all properties. */
  items: Record<string, unknown>[];
  /** Properties returned without $select (default: all). */
  defaultProperties?: string[];
  /** Without $select and defaultProperties: how each item is trimmed (mixed-type collections). */
  defaultProjection?: (item: Record<string, unknown>) => Record<string, unknown>;
  /** Properties always returned, even with $select (message ids and etags). */
  alwaysInclude?: string[];
  /** property → operators and functions $filter may use on it. */
  filterable: Record<string, string[]>;
  /**
   * property → operators (endswith, ne) $filter may use only as an advanced query: with
   * `ConsistencyLevel: eventual` and `$count=true`. `not(...)` is advanced on every property.
   */
  advancedFilterable?: Record<string, string[]>;
  /** Properties $search may name; omit when the collection has no $search. */
  searchable?: string[];
  /**
   * $search with another syntax than the directory's (e.g. KQL on messages): the item predicate, or
   * the error Response Graph gives for that query. Takes precedence over `searchable`.
   */
  customSearch?: (raw: string) => ((item: Record<string, unknown>) => boolean) | Response;
  orderable?: string[];
  pageSize: { default: number; max: number };
  /** Directory objects need `ConsistencyLevel: eventual` for $search and $count. */
  advancedQueries: boolean;
}

const SEARCH_NEEDS_EVENTUAL =
  "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'";
const SKIPTOKEN_TAG = "graph";
// Functions keep the case Graph's message gives them ("endsWith"); operators are lower case.
const OPERATOR_NAMES: Record<string, string> = { endswith: "endsWith", startswith: "startsWith" };
/** Graph's 400 for an advanced-only operator sent without the advanced query parameters. */
const advancedOperatorMissing = (operator: string) =>
  `Operator '${OPERATOR_NAMES[operator] ?? operator}' is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more info`;

/** Answers a GET on a Graph collection with $filter/$search/$select/$orderby/$top/$count and paging. */
export function listGraphCollection(c: Context, graphUrl: string, spec: GraphCollectionSpec): Response {
  const eventual = (c.req.header("consistencylevel") ?? "").toLowerCase() === "eventual";
  // Advanced queries (endsWith, ne, not, $filter with $orderby) need both the header and $count=true.
  const advanced = eventual && c.req.query("$count") === "true";
  const top = parseIntegerOption(c.req.query("$top"));
  const pageSize = top.value ?? spec.pageSize.default;
  if (top.invalid !== undefined || pageSize < 1 || pageSize > spec.pageSize.max) {
    return unsupportedQuery(
      c,
      `Invalid page size specified: '${top.invalid ?? pageSize}'. Must be between 1 and ${spec.pageSize.max} inclusive.`,
    );
  }

  let items = spec.items;
  const search = c.req.query("$search");
  if (search !== undefined && spec.customSearch) {
    const predicate = spec.customSearch(search);
    if (predicate instanceof Response) return predicate;
    items = items.filter(predicate);
  } else if (search !== undefined) {
    if (!spec.searchable) return unsupportedQuery(c, `$search is not supported on ${spec.contextFragment}.`);
    if (spec.advancedQueries && !eventual) return unsupportedQuery(c, SEARCH_NEEDS_EVENTUAL);
    let query: ReturnType<typeof parseSearch>;
    try {
      query = parseSearch(search);
    } catch (error) {
      if (error instanceof SearchSyntaxError) return graphError(c, 400, "BadRequest", error.message);
      throw error;
    }
    const unsupported = searchProperties(query).find((p) => !spec.searchable?.includes(p));
    if (unsupported) {
      return unsupportedQuery(
        c,
        `Unsupported or invalid search query specified for property '${unsupported}' of resource '${spec.resource}'.`,
      );
    }
    items = items.filter((item) => matchesSearch(query, item));
  }

  const filter = c.req.query("$filter");
  if (filter !== undefined) {
    let expression: ReturnType<typeof parseFilter>;
    try {
      expression = parseFilter(filter);
    } catch (error) {
      if (error instanceof ODataSyntaxError) {
        return graphError(c, 400, "BadRequest", `Invalid filter clause: ${error.message}`);
      }
      throw error;
    }
    for (const term of filterTerms(expression)) {
      if (spec.filterable[term.property]?.includes(term.operator)) continue;
      if (spec.advancedQueries && spec.advancedFilterable?.[term.property]?.includes(term.operator)) {
        if (!advanced) return unsupportedQuery(c, advancedOperatorMissing(term.operator));
        continue;
      }
      return unsupportedQuery(
        c,
        `Unsupported or invalid query filter clause specified for property '${term.property}' of resource '${spec.resource}'.`,
      );
    }
    if (spec.advancedQueries && usesNot(expression) && !advanced) {
      return unsupportedQuery(c, advancedOperatorMissing("not"));
    }
    items = items.filter((item) => matchesFilter(expression, item));
  }

  const orderby = c.req.query("$orderby");
  if (orderby !== undefined && filter !== undefined && spec.advancedQueries && !advanced) {
    return unsupportedQuery(c, "Sorting not supported for current query.");
  }
  if (orderby !== undefined) {
    try {
      const terms = parseOrderBy(orderby);
      const unsupported = terms.find((t) => !spec.orderable?.includes(t.property));
      if (unsupported) {
        return unsupportedQuery(
          c,
          `Unsupported sort property '${unsupported.property}' for '${spec.resource}'.`,
        );
      }
      items = sortBy(items, terms);
    } catch (error) {
      if (error instanceof ODataSyntaxError) return graphError(c, 400, "BadRequest", error.message);
      throw error;
    }
  }

  const selectRaw = c.req.query("$select");
  let select: string[] | undefined;
  if (selectRaw !== undefined) {
    try {
      select = parseSelect(selectRaw);
    } catch (error) {
      if (error instanceof ODataSyntaxError) return graphError(c, 400, "BadRequest", error.message);
      throw error;
    }
    const known = new Set(spec.items.flatMap((item) => Object.keys(item)));
    const unknown = select.find((f) => known.size > 0 && !known.has(f));
    if (unknown) {
      return graphError(
        c,
        400,
        "BadRequest",
        `Could not find a property named '${unknown}' on type '${spec.odataType}'.`,
      );
    }
  }

  const skipToken = c.req.query("$skiptoken");
  const offset = skipToken === undefined ? 0 : decodeOffsetToken(skipToken, SKIPTOKEN_TAG);
  if (offset === undefined) {
    return graphError(
      c,
      400,
      "Directory_ExpiredPageToken",
      "The specified page token value has expired and can no longer be included in your request.",
    );
  }

  const fields = select ?? spec.defaultProperties;
  const shape = (item: Record<string, unknown>) => {
    if (!fields) return spec.defaultProjection ? spec.defaultProjection(item) : item;
    return project(item, [...(spec.alwaysInclude ?? []), ...fields]);
  };
  const context = `${graphUrl}/v1.0/$metadata#${spec.contextFragment}${select ? `(${select.join(",")})` : ""}`;
  const body: Record<string, unknown> = { "@odata.context": context };
  // Without the eventual header, directory objects silently ignore $count=true (as Graph does).
  if (c.req.query("$count") === "true" && (eventual || !spec.advancedQueries))
    body["@odata.count"] = items.length;
  if (offset + pageSize < items.length) {
    const params = [...new URL(c.req.url).searchParams].filter(([name]) => name !== "$skiptoken");
    params.push(["$skiptoken", encodeOffsetToken(offset + pageSize, SKIPTOKEN_TAG)]);
    body["@odata.nextLink"] = odataLink(`${graphUrl}${c.req.path}`, params);
  }
  body.value = items.slice(offset, offset + pageSize).map(shape);
  return c.json(body);
}

/** A single entity, projected like a collection item (default properties or $select). */
export function graphEntity(
  c: Context,
  graphUrl: string,
  contextFragment: string,
  entity: Record<string, unknown>,
  defaultProperties?: string[],
): Response {
  const selectRaw = c.req.query("$select");
  const select = selectRaw
    ? selectRaw
        .split(",")
        .map((f) => f.trim())
        .filter(Boolean)
    : undefined;
  const fields = select ?? defaultProperties;
  const context = `${graphUrl}/v1.0/$metadata#${contextFragment}${select ? `(${select.join(",")})` : ""}/$entity`;
  return c.json({ "@odata.context": context, ...(fields ? project(entity, fields) : entity) });
}
