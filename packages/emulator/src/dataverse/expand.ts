import { matchesFilter, ODataSyntaxError, parseFilter } from "../odata/filter-expression.js";
import { parseOrderBy, parseSelect, project, sortBy } from "../odata/query-options.js";
import type { DataverseEnvironment } from "./dataverse-environment.js";
import { queryError, unknownProperty } from "./dataverse-errors.js";
import { type DataverseQuery, validateNames } from "./dataverse-query.js";
import type { EntityDefinition } from "./entity-definitions.js";
import { type Navigation, navigationsOf } from "./relationships.js";

/** One $expand item: a navigation property with its nested options ($select, $filter, $orderby, $top). */
export interface ExpandItem {
  navigation: Navigation;
  definition: EntityDefinition;
  query: DataverseQuery;
}

/** Splits on `separator` outside parentheses and quotes. */
function splitTop(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === "'") quoted = !quoted;
    else if (!quoted && ch === "(") depth += 1;
    else if (!quoted && ch === ")") depth -= 1;
    else if (!quoted && depth === 0 && ch === separator) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0 || quoted) throw queryError(`Syntax error in $expand: '${text}'.`);
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

/**
 * Parses `$expand=primarycontactid($select=fullname),contact_customer_accounts($select=fullname;$top=5)`
 * against the table's navigation properties; unknown properties are 400s, as Dataverse answers.
 */
export function parseExpand(
  raw: string,
  definition: EntityDefinition,
  environment: DataverseEnvironment,
): ExpandItem[] {
  return splitTop(raw, ",").map((item) => {
    const open = item.indexOf("(");
    const name = (open === -1 ? item : item.slice(0, open)).trim();
    if (open !== -1 && !item.endsWith(")")) throw queryError(`Syntax error in $expand: '${item}'.`);
    const navigation = navigationsOf(definition.logicalName).find((n) => n.name === name);
    if (!navigation) throw unknownProperty(name, definition.logicalName);
    const target = environment.definitions().find((d) => d.logicalName === navigation.target);
    if (!target) throw unknownProperty(name, definition.logicalName);
    const query: DataverseQuery = {};
    const options = open === -1 ? [] : splitTop(item.slice(open + 1, -1), ";");
    try {
      for (const option of options) {
        const eq = option.indexOf("=");
        const key = option.slice(0, eq).trim().toLowerCase();
        const value = option.slice(eq + 1).trim();
        if (eq === -1) throw queryError(`Syntax error in $expand options: '${option}'.`);
        if (key === "$select") query.select = parseSelect(value);
        else if (key === "$filter" && navigation.kind !== "single") query.filter = parseFilter(value);
        else if (key === "$orderby" && navigation.kind !== "single") query.orderBy = parseOrderBy(value);
        else if (key === "$top" && navigation.kind !== "single" && /^\d+$/.test(value))
          query.top = Number(value);
        else throw queryError(`The query option '${option}' is not supported in $expand of '${name}'.`);
      }
    } catch (error) {
      if (error instanceof ODataSyntaxError) throw queryError(error.message);
      throw error;
    }
    validateNames(query, target);
    return { navigation, definition: target, query };
  });
}

/** Adds the expanded navigation properties to a (projected) row; `source` is the full row. */
export function applyExpand(
  row: Record<string, unknown>,
  source: Record<string, unknown>,
  definition: EntityDefinition,
  items: ExpandItem[],
  environment: DataverseEnvironment,
): Record<string, unknown> {
  if (items.length === 0) return row;
  const out = { ...row };
  const id = source[definition.primaryIdAttribute];
  for (const { navigation, definition: target, query } of items) {
    const shape = (r: Record<string, unknown>) =>
      query.select ? project(r, ["@odata.etag", ...query.select, target.primaryIdAttribute]) : r;
    if (navigation.kind === "single") {
      const key = source[navigation.lookupAttribute];
      const related = environment
        .recordsOf(target.entitySetName)
        .find((r) => r[target.primaryIdAttribute] === key);
      out[navigation.name] = related ? shape(related) : null;
      continue;
    }
    let related =
      navigation.kind === "collection"
        ? environment.recordsOf(target.entitySetName).filter((r) => r[navigation.referencingLookup] === id)
        : manyToMany(environment, navigation.relationship, definition, String(id));
    const filter = query.filter;
    if (filter) related = related.filter((r) => matchesFilter(filter, r));
    if (query.orderBy) related = sortBy(related, query.orderBy);
    if (query.top !== undefined) related = related.slice(0, query.top);
    out[navigation.name] = related.map(shape);
  }
  return out;
}

function manyToMany(
  environment: DataverseEnvironment,
  relationship: string,
  definition: EntityDefinition,
  id: string,
): Record<string, unknown>[] {
  if (relationship !== "systemuserroles_association") return [];
  if (definition.logicalName === "systemuser") {
    const roles = new Set(environment.rolesOf(id).map((r) => r.roleid));
    return environment.recordsOf("roles").filter((r) => roles.has(String(r.roleid)));
  }
  return environment
    .recordsOf("systemusers")
    .filter((u) => environment.rolesOf(String(u.systemuserid)).some((r) => r.roleid === id));
}
