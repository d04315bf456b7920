/**
 * Directory $search: `"property:term"` clauses joined by AND / OR (AND binds tighter), each
 * matching when a word of the property starts with the term, as the directory's tokenized
 * search does ("displayName:wil" finds "Alex Wilber", "displayName:ilber" does not).
 */

export interface SearchClause {
  property: string;
  term: string;
}

/** OR of AND-groups. */
export type SearchQuery = SearchClause[][];

export class SearchSyntaxError extends Error {}

export function parseSearch(raw: string): SearchQuery {
  const tokens = raw.match(/"[^"]*"|\S+/g) ?? [];
  const groups: SearchClause[][] = [[]];
  let expectClause = true;
  for (const token of tokens) {
    if (!expectClause) {
      if (token === "OR") groups.push([]);
      else if (token !== "AND")
        throw new SearchSyntaxError(`Syntax error: expected AND or OR, found '${token}'.`);
      expectClause = true;
      continue;
    }
    const match = /^"([^":]+):([^"]*)"$/.exec(token);
    if (!match?.[1] || match[2] === undefined) {
      throw new SearchSyntaxError(
        `Syntax error: '${token}' is not a valid search clause; use "property:value" in double quotes.`,
      );
    }
    groups.at(-1)?.push({ property: match[1].trim(), term: match[2].trim().toLowerCase() });
    expectClause = false;
  }
  if (expectClause) throw new SearchSyntaxError(`Syntax error: the $search query '${raw}' is incomplete.`);
  return groups;
}

export function searchProperties(query: SearchQuery): string[] {
  return [...new Set(query.flat().map((c) => c.property))];
}

export function matchesSearch(query: SearchQuery, record: Record<string, unknown>): boolean {
  return query.some((group) => group.every((clause) => clauseMatches(clause, record[clause.property])));
}

function clauseMatches(clause: SearchClause, value: unknown): boolean {
  if (typeof value !== "string") return false;
  const text = value.toLowerCase();
  if (text.startsWith(clause.term)) return true;
  return text.split(/[\s._@\-()]+/).some((word) => word.startsWith(clause.term));
}
