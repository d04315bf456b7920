import type { Context } from "hono";
import { filterTerms, matchesFilter, ODataSyntaxError, parseFilter } from "../odata/filter-expression.js";
import { parseSelect, project } from "../odata/query-options.js";
import type { DataverseEnvironment } from "./dataverse-environment.js";
import { DataverseQueryError, queryError } from "./dataverse-errors.js";
import { type EntityDefinition, entityDefinitionJson } from "./entity-definitions.js";
import { MANY_TO_MANY, ONE_TO_MANY, type OneToManyRelationship } from "./relationships.js";
import { attributeMetadataJson, columnsOf, metadataTypeOf, optionSetJson } from "./table-columns.js";

/**
 * EntityDefinitions and its children: Attributes (optionally cast to a metadata type such as
 * Microsoft.Dynamics.CRM.PicklistAttributeMetadata, with $expand=OptionSet), OneToManyRelationships,
 * ManyToOneRelationships and ManyToManyRelationships. $select and $filter are checked against the
 * properties the emulator returns; anything else is a 400, as Dataverse answers.
 */
interface ListOptions {
  select?: string[];
  filter?: ReturnType<typeof parseFilter>;
  expand?: string;
}

function listOptions(c: Context, filterable: string[]): ListOptions {
  const params = new URL(c.req.url).searchParams;
  const options: ListOptions = {};
  try {
    const filterRaw = params.get("$filter");
    if (filterRaw !== null) {
      const filter = parseFilter(filterRaw);
      const bad = filterTerms(filter).find((t) => !filterable.includes(t.property));
      if (bad) throw queryError(`The property '${bad.property}' cannot be used in a query filter.`);
      options.filter = filter;
    }
    const selectRaw = params.get("$select");
    if (selectRaw !== null) options.select = parseSelect(selectRaw);
  } catch (error) {
    if (error instanceof ODataSyntaxError) throw queryError(error.message);
    throw error;
  }
  const expand = params.get("$expand");
  if (expand !== null) options.expand = expand;
  return options;
}

function shapeList(
  c: Context,
  context: string,
  items: Record<string, unknown>[],
  options: ListOptions,
  typeName: string,
  known: string[],
): Response {
  const fields = options.select;
  const unknown = fields?.find((f) => !known.includes(f));
  if (unknown)
    throw queryError(
      `Could not find a property named '${unknown}' on type 'Microsoft.Dynamics.CRM.${typeName}'.`,
    );
  const filter = options.filter;
  const kept = filter ? items.filter((i) => matchesFilter(filter, i)) : items;
  const shaped = fields
    ? kept.map((i) => project(i, ["@odata.type", "MetadataId", ...fields, ...expandedKeys(i)]))
    : kept;
  return c.json(
    { "@odata.context": `${context}${fields ? `(${fields.join(",")})` : ""}`, value: shaped },
    200,
    {
      "OData-Version": "4.0",
    },
  );
}

const expandedKeys = (item: Record<string, unknown>) => ("OptionSet" in item ? ["OptionSet"] : []);

function findDefinition(environment: DataverseEnvironment, logicalName: string): EntityDefinition {
  const definition = environment.definitions().find((d) => d.logicalName === logicalName);
  if (!definition)
    throw new DataverseQueryError(404, "0x80040217", `Could not find entity with Name = ${logicalName}.`);
  return definition;
}

export function entityDefinitions(
  c: Context,
  environment: DataverseEnvironment,
  api: string,
  logicalName?: string,
): Response {
  let items = environment.definitions().map(entityDefinitionJson);
  if (logicalName !== undefined) items = [entityDefinitionJson(findDefinition(environment, logicalName))];
  const options = listOptions(c, [
    "LogicalName",
    "EntitySetName",
    "SchemaName",
    "IsCustomEntity",
    "ObjectTypeCode",
  ]);
  const known = Object.keys(entityDefinitionJson(environment.definitions()[0] as EntityDefinition));
  const unknown = options.select?.find((f) => !known.includes(f));
  if (unknown)
    throw queryError(
      `Could not find a property named '${unknown}' on type 'Microsoft.Dynamics.CRM.EntityMetadata'.`,
    );
  const filter = options.filter;
  if (filter) items = items.filter((d) => matchesFilter(filter, d));
  const fields = options.select;
  const shaped = fields ? items.map((d) => project(d, ["MetadataId", ...fields])) : items;
  const context = `${api}/$metadata#EntityDefinitions${fields ? `(${fields.join(",")})` : ""}`;
  if (logicalName !== undefined) return c.json({ "@odata.context": `${context}/$entity`, ...shaped[0] });
  return c.json({ "@odata.context": context, value: shaped });
}

const ATTRIBUTE_CASTS = /^Microsoft\.Dynamics\.CRM\.(\w+AttributeMetadata)$/;

/** EntityDefinitions(LogicalName='x')/Attributes[/Microsoft.Dynamics.CRM.<Type>AttributeMetadata]. */
export function entityAttributes(
  c: Context,
  environment: DataverseEnvironment,
  api: string,
  logicalName: string,
  cast: string | undefined,
): Response {
  const definition = findDefinition(environment, logicalName);
  const castType = cast === undefined ? undefined : ATTRIBUTE_CASTS.exec(cast)?.[1];
  if (cast !== undefined && !castType) throw queryError(`Resource not found for the segment '${cast}'.`);
  const options = listOptions(c, [
    "LogicalName",
    "AttributeType",
    "IsCustomAttribute",
    "IsPrimaryId",
    "IsPrimaryName",
  ]);
  let columns = columnsOf(definition);
  if (castType) columns = columns.filter((col) => metadataTypeOf(col.spec.type) === castType);
  const withOptionSet = /^\s*(OptionSet|GlobalOptionSet)(\(.*\))?\s*$/.exec(options.expand ?? "");
  if (options.expand !== undefined) {
    if (
      !withOptionSet ||
      !castType ||
      !/^(Picklist|State|Status|Boolean|MultiSelectPicklist)AttributeMetadata$/.test(castType)
    ) {
      throw queryError(
        `Could not find a property named '${options.expand}' on type 'Microsoft.Dynamics.CRM.${castType ?? "AttributeMetadata"}'.`,
      );
    }
  }
  const items = columns.map((col) => {
    const json = attributeMetadataJson(definition, col);
    if (withOptionSet)
      json[withOptionSet[1] as string] =
        withOptionSet[1] === "OptionSet" ? optionSetJson(definition, col) : null;
    return json;
  });
  const known = [
    ...Object.keys(items[0] ?? attributeMetadataJson(definition, columnsOf(definition)[0] as never)),
    "Targets",
  ];
  const context = `${api}/$metadata#EntityDefinitions('${logicalName}')/Attributes${castType ? `/Microsoft.Dynamics.CRM.${castType}` : ""}`;
  return shapeList(c, context, items, options, castType ?? "AttributeMetadata", known);
}

function oneToManyJson(r: OneToManyRelationship): Record<string, unknown> {
  return {
    "@odata.type": "#Microsoft.Dynamics.CRM.OneToManyRelationshipMetadata",
    MetadataId: `${r.schemaName}`,
    SchemaName: r.schemaName,
    RelationshipType: "OneToManyRelationship",
    IsCustomRelationship: false,
    ReferencedEntity: r.referencedEntity,
    ReferencedAttribute: r.referencedAttribute,
    ReferencingEntity: r.referencingEntity,
    ReferencingAttribute: r.referencingAttribute,
    ReferencedEntityNavigationPropertyName: r.referencedNavigation,
    ReferencingEntityNavigationPropertyName: r.referencingNavigation,
  };
}

/** EntityDefinitions(LogicalName='x')/OneToManyRelationships, ManyToOneRelationships or ManyToManyRelationships. */
export function entityRelationships(
  c: Context,
  environment: DataverseEnvironment,
  api: string,
  logicalName: string,
  kind: "OneToManyRelationships" | "ManyToOneRelationships" | "ManyToManyRelationships",
  metadataId: (name: string) => string,
): Response {
  findDefinition(environment, logicalName);
  const context = `${api}/$metadata#EntityDefinitions('${logicalName}')/${kind}`;
  if (kind === "ManyToManyRelationships") {
    const items = MANY_TO_MANY.filter((r) => r.entity1 === logicalName || r.entity2 === logicalName).map(
      (r) => ({
        "@odata.type": "#Microsoft.Dynamics.CRM.ManyToManyRelationshipMetadata",
        MetadataId: metadataId(r.schemaName),
        SchemaName: r.schemaName,
        RelationshipType: "ManyToManyRelationship",
        IsCustomRelationship: false,
        Entity1LogicalName: r.entity1,
        Entity2LogicalName: r.entity2,
        IntersectEntityName: r.intersectEntity,
        Entity1NavigationPropertyName: r.entity1Navigation,
        Entity2NavigationPropertyName: r.entity2Navigation,
      }),
    );
    const options = listOptions(c, ["SchemaName", "Entity1LogicalName", "Entity2LogicalName"]);
    return shapeList(
      c,
      context,
      items,
      options,
      "ManyToManyRelationshipMetadata",
      Object.keys(
        items[0] ?? {
          SchemaName: 1,
          Entity1LogicalName: 1,
          Entity2LogicalName: 1,
          IntersectEntityName: 1,
          Entity1NavigationPropertyName: 1,
          Entity2NavigationPropertyName: 1,
          RelationshipType: 1,
          IsCustomRelationship: 1,
        },
      ),
    );
  }
  const side = kind === "OneToManyRelationships" ? "referencedEntity" : "referencingEntity";
  const items = ONE_TO_MANY.filter((r) => r[side] === logicalName).map((r) => ({
    ...oneToManyJson(r),
    MetadataId: metadataId(r.schemaName),
  }));
  const options = listOptions(c, [
    "SchemaName",
    "ReferencedEntity",
    "ReferencingEntity",
    "ReferencingAttribute",
  ]);
  return shapeList(
    c,
    context,
    items,
    options,
    "OneToManyRelationshipMetadata",
    Object.keys(oneToManyJson(ONE_TO_MANY[0] as OneToManyRelationship)),
  );
}
