/**
 * The permissions a swagger operation documents. Fabric: "## Required Delegated Scopes" (generic
 * Item.Read.All or *itemType*.Read.All style specific scopes) and the supported-identities table;
 * Power BI: "## Required Scope".
 */
export interface DocumentedScopes {
  /** Scope names as written (generic ones). */
  scopes: string[];
  /** Suffixes of "*itemType*.X.All" specific scopes, e.g. ".Read.All" (any item type before it). */
  itemTypeSuffixes: string[];
  /** The identities table's service principal row: true, false, or undefined when absent. */
  servicePrincipal: boolean | undefined;
  /** The heading the scopes came from, for messages. */
  heading: string | undefined;
}

function section(description: string, heading: RegExp): { text: string; heading: string } | undefined {
  const match = heading.exec(description);
  if (!match) return undefined;
  const start = match.index + match[0].length;
  const next = description.slice(start).search(/\n[ \t]*##\s/);
  return {
    text: description.slice(start, next < 0 ? undefined : start + next),
    heading: match[0].replace(/^\s*#+\s*/, "").trim(),
  };
}

export function documentedScopes(description: string): DocumentedScopes {
  const found = section(description, /(^|\n)[ \t]*##\s*Required (Delegated )?Scopes?\s*\n/i);
  const text = found?.text ?? "";
  const itemTypeSuffixes = [...text.matchAll(/\*itemType\*(\.[A-Za-z]+\.All)/g)].map((m) => m[1] as string);
  const cleaned = text.replace(/\*itemType\*\.[A-Za-z.]+/g, "").replace(/\(for example:[^)]*\)/gi, "");
  const scopes = [
    ...new Set([...cleaned.matchAll(/\b[A-Z][A-Za-z]*(?:\.[A-Z][A-Za-z]*)+\b/g)].map((m) => m[0])),
  ];
  const identities =
    section(description, /(^|\n)[ \t]*##\s*Microsoft Entra supported identities\s*\n/i)?.text ?? "";
  const row = identities.split("\n").find((line) => /Service principal/i.test(line));
  // The row's last cell: "Yes", "No", or a condition ("When the item type in the call is supported").
  const cell = row
    ?.split("|")
    .map((part) => part.trim())
    .filter(Boolean)
    .pop();
  const servicePrincipal =
    cell === undefined ? undefined : /^yes$/i.test(cell) ? true : /^no$/i.test(cell) ? false : undefined;
  return {
    scopes,
    itemTypeSuffixes: [...new Set(itemTypeSuffixes)],
    servicePrincipal,
    heading: found?.heading,
  };
}

/** Read before execute before write: the order least privilege follows for these scope names. */
export function scopeRank(name: string): number {
  if (/ReadWrite|Write|Create|Delete|Manage/.test(name)) return 3;
  if (/Execute|Reshare/.test(name)) return 2;
  return 1;
}
