import type { Context } from "hono";
import type { DataverseEnvironment } from "./dataverse-environment.js";
import { DataverseQueryError, queryError } from "./dataverse-errors.js";
import type { EntityDefinition } from "./entity-definitions.js";

/**
 * The RetrieveTotalRecordCount function: `RetrieveTotalRecordCount(EntityNames=['account','contact'])`
 * or with a parameter alias, `RetrieveTotalRecordCount(EntityNames=@p1)?@p1=["account"]`. It answers
 * Dataverse's snapshot of each table's row count (the real service refreshes it about daily; the
 * emulator's is always current) as an EntityRecordCountCollection of Keys and Values.
 */
export function retrieveTotalRecordCount(
  c: Context,
  environment: DataverseEnvironment,
  api: string,
  segment: string,
  /** The 403 for a table the caller may not read (its security roles), if any. */
  denied: (definition: EntityDefinition) => Response | undefined,
): Response {
  const argument = /^RetrieveTotalRecordCount\(EntityNames=(.+)\)$/.exec(segment)?.[1];
  if (!argument) throw queryError("RetrieveTotalRecordCount requires the EntityNames parameter.");
  const alias = /^@(\w+)$/.exec(argument)?.[1];
  const raw = alias ? new URL(c.req.url).searchParams.get(`@${alias}`) : argument;
  if (raw === null) throw queryError(`The parameter alias '@${alias}' has no value in the query string.`);
  const names = parseStringArray(raw);
  if (!names) throw queryError("EntityNames must be a collection of table logical names, e.g. ['account'].");
  const definitions = names.map((name) => {
    const definition = environment.definitions().find((d) => d.logicalName === name);
    if (!definition)
      throw new DataverseQueryError(404, "0x80040217", `Could not find entity with Name = ${name}.`);
    return definition;
  });
  for (const definition of definitions) {
    const refusal = denied(definition);
    if (refusal) return refusal;
  }
  const values = definitions.map((d) => environment.recordsOf(d.entitySetName).length);
  return c.json(
    {
      "@odata.context": `${api}/$metadata#Microsoft.Dynamics.CRM.RetrieveTotalRecordCountResponse`,
      EntityRecordCountCollection: { Count: names.length, IsReadOnly: false, Keys: names, Values: values },
    },
    200,
    { "OData-Version": "4.0" },
  );
}

function parseStringArray(raw: string): string[] | undefined {
  const match = /^\[(.*)\]$/.exec(raw.trim());
  if (!match) return undefined;
  const body = match[1]?.trim() ?? "";
  if (!body) return [];
  const items = body.split(",").map((item) => /^\s*(?:'([^']*)'|"([^"]*)")\s*$/.exec(item));
  if (items.some((m) => !m)) return undefined;
  return items.map((m) => (m?.[1] ?? m?.[2] ?? "").toLowerCase());
}
