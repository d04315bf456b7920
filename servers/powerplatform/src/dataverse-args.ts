/** Shared inputs and query helpers of the Dataverse tools. */
import { z } from "zod";

export const DATAVERSE = { delegated: ["user_impersonation"] };
export const top = z.number().int().min(1).max(5000).optional().describe("Max rows ($top)");

export const text = (value: unknown): string | undefined =>
  typeof value === "string" && value ? value : undefined;
export const both = (...clauses: (string | undefined)[]): string | undefined =>
  clauses.filter(Boolean).join(" and ") || undefined;
export const quoted = (value: string): string => `'${value.replaceAll("'", "''")}'`;

export const FORMATTED = "OData.Community.Display.V1.FormattedValue";
// What server-kit's FetchXML paging reads (http/fetch-xml-paging.ts); Dataverse sends them only when asked.
export const FETCH_XML_PAGING_ANNOTATIONS = [
  "Microsoft.Dynamics.CRM.fetchxmlpagingcookie",
  "Microsoft.Dynamics.CRM.morerecords",
];
export const formatted = z
  .boolean()
  .optional()
  .describe("Include display values of choices, lookups, money and dates");
export const entitySet = z
  .string()
  .max(128)
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an entity set name such as accounts")
  .describe("Entity set name (plural), e.g. accounts, contacts; see list_tables");
export const table = z
  .string()
  .max(128)
  .regex(/^[a-z_][a-z0-9_]*$/, "a table logical name such as account")
  .describe("Table logical name (singular), e.g. account; see list_tables");
export const guid = (what: string) =>
  z
    .string()
    .regex(
      /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
      `a GUID (${what})`,
    )
    .describe(what);

/** Prefer for the annotations asked for (Dataverse returns instance annotations only when asked). */
export function prefer(annotations: string[]): Record<string, string> {
  return annotations.length ? { Prefer: `odata.include-annotations="${annotations.join(",")}"` } : {};
}
