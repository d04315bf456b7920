import type { FilterExpression, Literal } from "../odata/filter-expression.js";
import type { OrderByTerm } from "../odata/query-options.js";
import { DataverseQueryError } from "./dataverse-errors.js";
import type { DataverseQuery } from "./dataverse-query.js";

/**
 * The FetchXML subset the emulator runs: one <entity> with <attribute>/<all-attributes>,
 * <order>, nested <filter type="and|or"> of <condition> (eq ne gt ge lt le like not-like
 * begins-with ends-with null not-null), and the fetch attributes top, count, page and paging-cookie.
 */
export interface FetchXmlQuery {
  entityName: string;
  query: DataverseQuery;
  /** Page size (fetch count=) and 1-based page number (fetch page=). */
  count?: number;
  page: number;
  /** The fetch element's paging-cookie (XML-unescaped), when the client continues by cookie. */
  pagingCookie?: string;
}

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
}

// Dataverse answers unparseable FetchXML with this code.
const invalidFetch = (message: string) => new DataverseQueryError(400, "0x80041103", message);

const decodeEntities = (text: string) =>
  text
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&apos;", "'")
    .replaceAll("&amp;", "&");

function parseXml(xml: string): XmlElement {
  const root: XmlElement = { name: "#root", attributes: {}, children: [] };
  const stack: XmlElement[] = [root];
  const tag =
    /<\s*(\/?)\s*([\w-]+)((?:\s+[\w:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)\s*>|<\?[^>]*\?>|<!--[\s\S]*?-->/g;
  let last = 0;
  for (let match = tag.exec(xml); match; match = tag.exec(xml)) {
    if (xml.slice(last, match.index).trim()) throw invalidFetch("Invalid XML: unexpected text content.");
    last = tag.lastIndex;
    const [, closing, name, attrText, selfClosing] = match;
    if (!name) continue;
    const parent = stack.at(-1) as XmlElement;
    if (closing) {
      if (parent.name !== name) throw invalidFetch(`Invalid XML: unexpected </${name}>.`);
      stack.pop();
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const a of (attrText ?? "").matchAll(/([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      attributes[(a[1] ?? "").toLowerCase()] = decodeEntities(a[2] ?? a[3] ?? "");
    }
    const element: XmlElement = { name, attributes, children: [] };
    parent.children.push(element);
    if (!selfClosing) stack.push(element);
  }
  if (xml.slice(last).trim() || stack.length !== 1)
    throw invalidFetch("Invalid XML: the document is incomplete.");
  return root;
}

const LIKE = (value: string, property: string, negate: boolean): FilterExpression => {
  const starts = value.startsWith("%");
  const ends = value.endsWith("%");
  const text = value.replace(/^%|%$/g, "");
  const call: FilterExpression =
    starts && ends
      ? { kind: "call", fn: "contains", property, value: text }
      : ends
        ? { kind: "call", fn: "startswith", property, value: text }
        : starts
          ? { kind: "call", fn: "endswith", property, value: text }
          : { kind: "compare", op: "eq", property, value: text };
  return negate ? { kind: "not", operand: call } : call;
};

function literal(raw: string): Literal {
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (raw === "true" || raw === "false") return raw === "true";
  return raw;
}

function conditionExpression(c: XmlElement): FilterExpression {
  const property = c.attributes.attribute;
  const operator = (c.attributes.operator ?? "").toLowerCase();
  const value = c.attributes.value ?? "";
  if (!property) throw invalidFetch("A condition has no attribute.");
  switch (operator) {
    case "eq":
    case "ne":
    case "gt":
    case "ge":
    case "lt":
    case "le":
      return { kind: "compare", op: operator, property, value: literal(value) };
    case "like":
    case "not-like":
      return LIKE(value, property, operator === "not-like");
    case "begins-with":
      return { kind: "call", fn: "startswith", property, value };
    case "ends-with":
      return { kind: "call", fn: "endswith", property, value };
    case "null":
      return { kind: "compare", op: "eq", property, value: null };
    case "not-null":
      return { kind: "compare", op: "ne", property, value: null };
    default:
      throw invalidFetch(`The condition operator '${operator}' is not supported by the emulator.`);
  }
}

function filterExpression(filter: XmlElement): FilterExpression | undefined {
  const kind = (filter.attributes.type ?? "and").toLowerCase() === "or" ? "or" : "and";
  const parts = filter.children
    .map((child) =>
      child.name === "condition"
        ? conditionExpression(child)
        : child.name === "filter"
          ? filterExpression(child)
          : undefined,
    )
    .filter((p) => p !== undefined);
  return parts.reduce<FilterExpression | undefined>(
    (acc, p) => (acc ? { kind, left: acc, right: p } : p),
    undefined,
  );
}

/** Parses the fetchXml query parameter into a query for the entity set's table. */
export function parseFetchXml(xml: string): FetchXmlQuery {
  const fetch = parseXml(xml).children[0];
  if (fetch?.name !== "fetch") throw invalidFetch("The root element must be <fetch>.");
  const entity = fetch.children.find((c) => c.name === "entity");
  if (!entity?.attributes.name) throw invalidFetch("The <fetch> element must contain an <entity name=...>.");
  if (
    fetch.children.some((c) => c.name !== "entity") ||
    entity.children.some((c) => c.name === "link-entity")
  ) {
    throw invalidFetch("The emulator supports a single <entity> without link-entity.");
  }
  const query: DataverseQuery = {};
  if (!entity.children.some((c) => c.name === "all-attributes")) {
    const names = entity.children.filter((c) => c.name === "attribute").map((c) => c.attributes.name ?? "");
    if (names.length) query.select = names;
  }
  const orders: OrderByTerm[] = entity.children
    .filter((c) => c.name === "order")
    .map((c) => ({ property: c.attributes.attribute ?? "", descending: c.attributes.descending === "true" }));
  if (orders.length) query.orderBy = orders;
  const filters = entity.children.filter((c) => c.name === "filter").map(filterExpression);
  const filter = filters.reduce<FilterExpression | undefined>(
    (acc, f) => (f ? (acc ? { kind: "and", left: acc, right: f } : f) : acc),
    undefined,
  );
  if (filter) query.filter = filter;
  const number = (name: string) => {
    const raw = fetch.attributes[name];
    if (raw === undefined) return undefined;
    if (!/^\d+$/.test(raw)) throw invalidFetch(`The fetch attribute '${name}' must be a positive integer.`);
    return Number(raw);
  };
  const top = number("top");
  if (top !== undefined) query.top = top;
  const count = number("count");
  return {
    entityName: entity.attributes.name,
    query,
    ...(count !== undefined ? { count } : {}),
    page: number("page") ?? 1,
    ...(fetch.attributes["paging-cookie"] ? { pagingCookie: fetch.attributes["paging-cookie"] } : {}),
  };
}
