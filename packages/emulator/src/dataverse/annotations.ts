import type { DataverseEnvironment } from "./dataverse-environment.js";
import type { EntityDefinition } from "./entity-definitions.js";
import { columnSpec } from "./table-columns.js";

/**
 * Dataverse returns instance annotations only when the request asks for them with
 * `Prefer: odata.include-annotations="..."` (a comma-separated list of terms, `*`, `Namespace.*`,
 * and `-term` to exclude, as OData 4.01 defines it), and says what it applied in Preference-Applied.
 */
export interface Preferences {
  /** The include-annotations value as sent (echoed in Preference-Applied). */
  includeAnnotations?: string;
  maxPageSize?: number;
  /** Whether an annotation term (e.g. OData.Community.Display.V1.FormattedValue) was asked for. */
  wants: (term: string) => boolean;
}

export const FORMATTED_VALUE = "OData.Community.Display.V1.FormattedValue";
export const LOOKUP_LOGICAL_NAME = "Microsoft.Dynamics.CRM.lookuplogicalname";
export const ASSOCIATED_NAVIGATION = "Microsoft.Dynamics.CRM.associatednavigationproperty";
export const MORE_RECORDS = "Microsoft.Dynamics.CRM.morerecords";
export const PAGING_COOKIE = "Microsoft.Dynamics.CRM.fetchxmlpagingcookie";

const MAX_PAGE_SIZE = 5000;

export function readPreferences(prefer: string | undefined): Preferences {
  const include = /odata\.include-annotations\s*=\s*(?:"([^"]*)"|([^,;\s]+))/i.exec(prefer ?? "");
  const raw = include ? (include[1] ?? include[2] ?? "") : undefined;
  const patterns = (raw ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  const matches = (pattern: string, term: string) =>
    pattern === "*" ||
    pattern.toLowerCase() === term.toLowerCase() ||
    (pattern.endsWith(".*") && term.toLowerCase().startsWith(pattern.slice(0, -1).toLowerCase()));
  const size = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(prefer ?? "")?.[1];
  const maxPageSize = size && Number(size) > 0 ? Math.min(Number(size), MAX_PAGE_SIZE) : undefined;
  return {
    ...(raw !== undefined ? { includeAnnotations: raw } : {}),
    ...(maxPageSize ? { maxPageSize } : {}),
    wants: (term) =>
      patterns.some((p) => !p.startsWith("-") && matches(p, term)) &&
      !patterns.some((p) => p.startsWith("-") && matches(p.slice(1), term)),
  };
}

/** The Preference-Applied header for what the emulator honoured, or undefined. */
export function preferenceApplied(preferences: Preferences, pageSizeApplied: boolean): string | undefined {
  const parts: string[] = [];
  if (preferences.includeAnnotations !== undefined)
    parts.push(`odata.include-annotations="${preferences.includeAnnotations}"`);
  if (pageSizeApplied && preferences.maxPageSize) parts.push(`odata.maxpagesize=${preferences.maxPageSize}`);
  return parts.length ? parts.join(",") : undefined;
}

const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
const integer = new Intl.NumberFormat("en-US");

/** A date as the en-US user locale shows it, e.g. 12/6/2026 11:08 PM (UTC: the emulator's users). */
function formatDate(value: string): string | undefined {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return undefined;
  const hours = date.getUTCHours();
  const minutes = String(date.getUTCMinutes()).padStart(2, "0");
  return `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${date.getUTCFullYear()} ${hours % 12 || 12}:${minutes} ${hours < 12 ? "AM" : "PM"}`;
}

/**
 * A row with the annotations the request asked for: formatted values of choices, yes/no, money,
 * numbers, dates and lookups (the related row's primary name), and the lookup metadata
 * (lookuplogicalname, associatednavigationproperty). Each annotation precedes its property.
 */
export function annotateRow(
  row: Record<string, unknown>,
  definition: EntityDefinition,
  environment: DataverseEnvironment,
  preferences: Preferences,
): Record<string, unknown> {
  const formatted = preferences.wants(FORMATTED_VALUE);
  const lookupName = preferences.wants(LOOKUP_LOGICAL_NAME);
  const navigation = preferences.wants(ASSOCIATED_NAVIGATION);
  if (!formatted && !lookupName && !navigation) return row;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (
      key.startsWith("@") ||
      !definition.attributes.includes(key) ||
      value === null ||
      value === undefined
    ) {
      out[key] = value;
      continue;
    }
    const spec = columnSpec(definition, key);
    if (formatted) {
      const text = formattedValue(spec, value, environment);
      if (text !== undefined) out[`${key}@${FORMATTED_VALUE}`] = text;
    }
    if (spec.lookup) {
      if (navigation) out[`${key}@${ASSOCIATED_NAVIGATION}`] = spec.lookup.navigation;
      if (lookupName) out[`${key}@${LOOKUP_LOGICAL_NAME}`] = spec.lookup.target;
    }
    out[key] = value;
  }
  return out;
}

function formattedValue(
  spec: ReturnType<typeof columnSpec>,
  value: unknown,
  environment: DataverseEnvironment,
): string | undefined {
  switch (spec.type) {
    case "Picklist":
    case "State":
    case "Status":
    case "Boolean": {
      const key = typeof value === "boolean" ? Number(value) : value;
      return spec.options?.find(([v]) => v === key)?.[1];
    }
    case "Money":
      return typeof value === "number" ? money.format(value) : undefined;
    case "Integer":
    case "BigInt":
    case "Decimal":
      return typeof value === "number" ? integer.format(value) : undefined;
    case "DateTime":
      return typeof value === "string" ? formatDate(value) : undefined;
    case "Lookup":
    case "Owner":
    case "Customer": {
      if (!spec.lookup || typeof value !== "string") return undefined;
      const target = environment.definitions().find((d) => d.logicalName === spec.lookup?.target);
      if (!target) return undefined;
      const related = environment
        .recordsOf(target.entitySetName)
        .find((r) => r[target.primaryIdAttribute] === value);
      const name = related?.[target.primaryNameAttribute];
      return typeof name === "string" ? name : undefined;
    }
    default:
      return undefined;
  }
}
