import { nameBasedGuid } from "../ids.js";

/** The tables every emulated environment has, described the way EntityDefinitions returns them. */
export interface EntityDefinition {
  logicalName: string;
  entitySetName: string;
  schemaName: string;
  displayName: string;
  displayCollectionName: string;
  primaryIdAttribute: string;
  primaryNameAttribute: string;
  objectTypeCode: number;
  /** Attribute names as the Web API exposes them (lookups as _x_value). */
  attributes: string[];
}

export const ENTITY_DEFINITIONS: EntityDefinition[] = [
  {
    logicalName: "account",
    entitySetName: "accounts",
    schemaName: "Account",
    displayName: "Account",
    displayCollectionName: "Accounts",
    primaryIdAttribute: "accountid",
    primaryNameAttribute: "name",
    objectTypeCode: 1,
    attributes: [
      "accountid",
      "name",
      "accountnumber",
      "telephone1",
      "emailaddress1",
      "websiteurl",
      "address1_city",
      "address1_country",
      "industrycode",
      "revenue",
      "numberofemployees",
      "statecode",
      "statuscode",
      "createdon",
      "modifiedon",
      "_primarycontactid_value",
      "_ownerid_value",
    ],
  },
  {
    logicalName: "contact",
    entitySetName: "contacts",
    schemaName: "Contact",
    displayName: "Contact",
    displayCollectionName: "Contacts",
    primaryIdAttribute: "contactid",
    primaryNameAttribute: "fullname",
    objectTypeCode: 2,
    attributes: [
      "contactid",
      "fullname",
      "firstname",
      "lastname",
      "emailaddress1",
      "telephone1",
      "jobtitle",
      "address1_city",
      "statecode",
      "statuscode",
      "createdon",
      "modifiedon",
      "_parentcustomerid_value",
      "_ownerid_value",
    ],
  },
  {
    logicalName: "workflow",
    entitySetName: "workflows",
    schemaName: "Workflow",
    displayName: "Process",
    displayCollectionName: "Processes",
    primaryIdAttribute: "workflowid",
    primaryNameAttribute: "name",
    objectTypeCode: 4703,
    attributes: [
      "workflowid",
      "workflowidunique",
      "name",
      "description",
      "category",
      "type",
      "mode",
      "primaryentity",
      "statecode",
      "statuscode",
      "ismanaged",
      "clientdata",
      "createdon",
      "modifiedon",
      "_ownerid_value",
    ],
  },
  {
    logicalName: "systemuser",
    entitySetName: "systemusers",
    schemaName: "SystemUser",
    displayName: "User",
    displayCollectionName: "Users",
    primaryIdAttribute: "systemuserid",
    primaryNameAttribute: "fullname",
    objectTypeCode: 8,
    attributes: [
      "systemuserid",
      "fullname",
      "domainname",
      "internalemailaddress",
      "azureactivedirectoryobjectid",
      "applicationid",
      "accessmode",
      "isdisabled",
      "_businessunitid_value",
      "createdon",
    ],
  },
  {
    logicalName: "role",
    entitySetName: "roles",
    schemaName: "Role",
    displayName: "Security Role",
    displayCollectionName: "Security Roles",
    primaryIdAttribute: "roleid",
    primaryNameAttribute: "name",
    objectTypeCode: 1036,
    attributes: ["roleid", "name", "roletemplateid", "ismanaged", "_businessunitid_value"],
  },
  {
    logicalName: "businessunit",
    entitySetName: "businessunits",
    schemaName: "BusinessUnit",
    displayName: "Business Unit",
    displayCollectionName: "Business Units",
    primaryIdAttribute: "businessunitid",
    primaryNameAttribute: "name",
    objectTypeCode: 10,
    // `parentbusinessunitid` is the lookup's navigation name; clients filter on it (eq null).
    attributes: [
      "businessunitid",
      "name",
      "_parentbusinessunitid_value",
      "parentbusinessunitid",
      "isdisabled",
      "createdon",
    ],
  },
];

export const definitionBySet = (set: string) =>
  ENTITY_DEFINITIONS.find((d) => d.entitySetName.toLowerCase() === set.toLowerCase());

const label = (text: string, id: string) => {
  const localized = { Label: text, LanguageCode: 1033, IsManaged: true, MetadataId: id, HasChanged: null };
  return { LocalizedLabels: [localized], UserLocalizedLabel: localized };
};

/** An EntityDefinitions entry with the properties clients commonly $select. */
export function entityDefinitionJson(d: EntityDefinition): Record<string, unknown> {
  const id = nameBasedGuid("entity", d.logicalName);
  return {
    MetadataId: id,
    LogicalName: d.logicalName,
    SchemaName: d.schemaName,
    EntitySetName: d.entitySetName,
    LogicalCollectionName: d.entitySetName,
    PrimaryIdAttribute: d.primaryIdAttribute,
    PrimaryNameAttribute: d.primaryNameAttribute,
    ObjectTypeCode: d.objectTypeCode,
    IsCustomEntity: false,
    IsActivity: false,
    IsManaged: true,
    OwnershipType: ["systemuser", "role", "businessunit"].includes(d.logicalName)
      ? "BusinessOwned"
      : "UserOwned",
    DisplayName: label(d.displayName, nameBasedGuid("label", d.logicalName)),
    DisplayCollectionName: label(d.displayCollectionName, nameBasedGuid("labels", d.logicalName)),
    Description: label(`${d.displayName} records.`, nameBasedGuid("description", d.logicalName)),
  };
}
