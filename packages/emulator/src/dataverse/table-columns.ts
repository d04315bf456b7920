import { nameBasedGuid } from "../ids.js";
import type { ColumnSpec, ColumnType, EntityDefinition } from "./entity-definitions.js";

/** A column of a table: its Web API name (lookups as _x_value), logical name and metadata. */
export interface Column {
  webName: string;
  logicalName: string;
  spec: ColumnSpec;
}

/** The column spec of a Web API attribute name: declared, or a type read from the name. */
export function columnSpec(definition: EntityDefinition, webName: string): ColumnSpec {
  const declared = definition.columns?.[webName];
  if (declared) return declared;
  let type: ColumnType = "String";
  if (webName === definition.primaryIdAttribute) type = "Uniqueidentifier";
  else if (/^_.+_value$/.test(webName)) type = "Lookup";
  else if (/on$/.test(webName)) type = "DateTime";
  else if (webName === "statecode") type = "State";
  else if (webName === "statuscode") type = "Status";
  return { type };
}

/** The table's columns, one per attribute (the navigation-name alias of businessunit excluded). */
export function columnsOf(definition: EntityDefinition): Column[] {
  return definition.attributes
    .filter((name) => !(name === "parentbusinessunitid" && definition.logicalName === "businessunit"))
    .map((webName) => ({
      webName,
      logicalName: /^_(.+)_value$/.exec(webName)?.[1] ?? webName,
      spec: columnSpec(definition, webName),
    }));
}

const label = (text: string, id: string) => {
  const localized = { Label: text, LanguageCode: 1033, IsManaged: true, MetadataId: id, HasChanged: null };
  return { LocalizedLabels: [localized], UserLocalizedLabel: localized };
};

const METADATA_TYPE: Record<ColumnType, string> = {
  Uniqueidentifier: "UniqueIdentifierAttributeMetadata",
  String: "StringAttributeMetadata",
  Memo: "MemoAttributeMetadata",
  Integer: "IntegerAttributeMetadata",
  BigInt: "BigIntAttributeMetadata",
  Decimal: "DecimalAttributeMetadata",
  Money: "MoneyAttributeMetadata",
  DateTime: "DateTimeAttributeMetadata",
  Boolean: "BooleanAttributeMetadata",
  Picklist: "PicklistAttributeMetadata",
  State: "StateAttributeMetadata",
  Status: "StatusAttributeMetadata",
  Lookup: "LookupAttributeMetadata",
  Owner: "LookupAttributeMetadata",
  Customer: "LookupAttributeMetadata",
  EntityName: "EntityNameAttributeMetadata",
};

/** The derived metadata type name a cast segment names, e.g. Microsoft.Dynamics.CRM.PicklistAttributeMetadata. */
export const metadataTypeOf = (type: ColumnType): string => METADATA_TYPE[type];

const titleCase = (name: string) => name.replace(/(^|_)([a-z])/g, (_m, _s, c: string) => c.toUpperCase());

/** An attribute as EntityDefinitions(...)/Attributes returns it (the commonly selected properties). */
export function attributeMetadataJson(definition: EntityDefinition, column: Column): Record<string, unknown> {
  const { spec, logicalName } = column;
  const id = nameBasedGuid("attribute", definition.logicalName, logicalName);
  const display = spec.display ?? titleCase(logicalName);
  const json: Record<string, unknown> = {
    "@odata.type": `#Microsoft.Dynamics.CRM.${METADATA_TYPE[spec.type]}`,
    MetadataId: id,
    LogicalName: logicalName,
    SchemaName: titleCase(logicalName),
    EntityLogicalName: definition.logicalName,
    AttributeType: spec.type,
    AttributeTypeName: { Value: `${spec.type}Type` },
    DisplayName: label(display, nameBasedGuid("attribute-label", definition.logicalName, logicalName)),
    RequiredLevel: {
      Value: spec.required ?? (logicalName === definition.primaryIdAttribute ? "SystemRequired" : "None"),
      CanBeChanged: spec.required !== "SystemRequired",
      ManagedPropertyLogicalName: "canmodifyrequirementlevelsettings",
    },
    IsCustomAttribute: false,
    IsPrimaryId: logicalName === definition.primaryIdAttribute,
    IsPrimaryName: logicalName === definition.primaryNameAttribute,
    IsValidForRead: true,
    AttributeOf: null,
  };
  if (spec.lookup) json.Targets = [spec.lookup.target];
  return json;
}

/** The OptionSet of a choice column ($expand=OptionSet on a Picklist/State/Status/Boolean cast). */
export function optionSetJson(definition: EntityDefinition, column: Column): Record<string, unknown> | null {
  const options = column.spec.options;
  if (!options) return null;
  const { logicalName } = column;
  const option = ([value, text, state]: [number, string, number?]) => ({
    Value: value,
    Label: label(text, nameBasedGuid("option", definition.logicalName, logicalName, String(value))),
    ...(column.spec.type === "Status" ? { State: state ?? 0 } : {}),
  });
  const base = {
    MetadataId: nameBasedGuid("optionset", definition.logicalName, logicalName),
    Name: `${definition.logicalName}_${logicalName}`,
    IsGlobal: false,
    OptionSetType: column.spec.type === "Boolean" ? "Boolean" : column.spec.type,
  };
  if (column.spec.type === "Boolean") {
    const [no, yes] = options;
    return { ...base, FalseOption: no ? option(no) : null, TrueOption: yes ? option(yes) : null };
  }
  return { ...base, Options: options.map(option) };
}
