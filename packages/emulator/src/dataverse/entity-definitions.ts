import { nameBasedGuid } from "../ids.js";
import { ADMIN_TABLES } from "./admin-tables.js";

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
  /**
   * Column metadata beyond the name (table-columns.ts reads it for EntityDefinitions/Attributes,
   * formatted values and lookups); a column without an entry gets a type from its name.
   */
  columns?: Record<string, ColumnSpec>;
  /** Whether the table is user-owned (has ownerid) or organization/business owned. */
  ownership?: "UserOwned" | "OrganizationOwned" | "BusinessOwned";
}

export type ColumnType =
  | "Uniqueidentifier"
  | "String"
  | "Memo"
  | "Integer"
  | "BigInt"
  | "Decimal"
  | "Money"
  | "DateTime"
  | "Boolean"
  | "Picklist"
  | "State"
  | "Status"
  | "Lookup"
  | "Owner"
  | "Customer"
  | "EntityName";

export interface ColumnSpec {
  type: ColumnType;
  /** Choices: value, label and (for status reasons) the state it belongs to. */
  options?: [number, string, number?][];
  /** Lookups: the table a value points at and the single-valued navigation property. */
  lookup?: { target: string; navigation: string };
  display?: string;
  required?: "None" | "ApplicationRequired" | "SystemRequired";
}

const ACTIVE_INACTIVE: [number, string][] = [
  [0, "Active"],
  [1, "Inactive"],
];
const ACTIVE_INACTIVE_STATUS: [number, string, number][] = [
  [1, "Active", 0],
  [2, "Inactive", 1],
];
const NO_YES: [number, string][] = [
  [0, "No"],
  [1, "Yes"],
];
const OWNER: ColumnSpec = { type: "Owner", lookup: { target: "systemuser", navigation: "ownerid" } };

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
    columns: {
      name: { type: "String", display: "Account Name", required: "ApplicationRequired" },
      industrycode: {
        type: "Picklist",
        display: "Industry",
        options: [
          [1, "Accounting"],
          [6, "Consulting"],
          [12, "Financial"],
          [33, "Retail"],
          [34, "Service Retail"],
          [37, "Transportation"],
          [38, "Utility Creation And Distribution"],
        ],
      },
      revenue: { type: "Money", display: "Annual Revenue" },
      numberofemployees: { type: "Integer", display: "Number of Employees" },
      statecode: { type: "State", display: "Status", options: ACTIVE_INACTIVE, required: "SystemRequired" },
      statuscode: { type: "Status", display: "Status Reason", options: ACTIVE_INACTIVE_STATUS },
      _primarycontactid_value: {
        type: "Lookup",
        display: "Primary Contact",
        lookup: { target: "contact", navigation: "primarycontactid" },
      },
      _ownerid_value: OWNER,
    },
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
    columns: {
      fullname: { type: "String", display: "Full Name" },
      lastname: { type: "String", display: "Last Name", required: "ApplicationRequired" },
      statecode: { type: "State", display: "Status", options: ACTIVE_INACTIVE, required: "SystemRequired" },
      statuscode: { type: "Status", display: "Status Reason", options: ACTIVE_INACTIVE_STATUS },
      _parentcustomerid_value: {
        type: "Customer",
        display: "Company Name",
        lookup: { target: "account", navigation: "parentcustomerid_account" },
      },
      _ownerid_value: OWNER,
    },
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
    columns: {
      category: {
        type: "Picklist",
        display: "Category",
        options: [
          [0, "Workflow"],
          [1, "Dialog"],
          [2, "Business Rule"],
          [3, "Action"],
          [4, "Business Process Flow"],
          [5, "Modern Flow"],
          [6, "Desktop Flow"],
        ],
      },
      type: {
        type: "Picklist",
        display: "Type",
        options: [
          [1, "Definition"],
          [2, "Activation"],
          [3, "Template"],
        ],
      },
      mode: {
        type: "Picklist",
        display: "Execute As",
        options: [
          [0, "Background"],
          [1, "Real-time"],
        ],
      },
      primaryentity: { type: "EntityName", display: "Primary Entity" },
      statecode: {
        type: "State",
        display: "Status",
        options: [
          [0, "Draft"],
          [1, "Activated"],
          [2, "Suspended"],
        ],
      },
      statuscode: {
        type: "Status",
        display: "Status Reason",
        options: [
          [1, "Draft", 0],
          [2, "Activated", 1],
          [3, "CompanyDLPViolation", 2],
        ],
      },
      ismanaged: { type: "Boolean", display: "Is Managed", options: NO_YES },
      clientdata: { type: "Memo", display: "Client Data" },
      description: { type: "Memo", display: "Description" },
      _ownerid_value: OWNER,
    },
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
    ownership: "BusinessOwned",
    columns: {
      accessmode: {
        type: "Picklist",
        display: "Access Mode",
        options: [
          [0, "Read-Write"],
          [1, "Administrative"],
          [2, "Read"],
          [3, "Support User"],
          [4, "Non-interactive"],
          [5, "Delegated Admin"],
        ],
      },
      isdisabled: {
        type: "Boolean",
        display: "Status",
        options: [
          [0, "Enabled"],
          [1, "Disabled"],
        ],
      },
      azureactivedirectoryobjectid: { type: "Uniqueidentifier", display: "Azure AD Object ID" },
      applicationid: { type: "Uniqueidentifier", display: "Application ID" },
      _businessunitid_value: {
        type: "Lookup",
        display: "Business Unit",
        lookup: { target: "businessunit", navigation: "businessunitid" },
      },
    },
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
    ownership: "BusinessOwned",
    columns: {
      roletemplateid: { type: "Uniqueidentifier", display: "Role Template" },
      ismanaged: { type: "Boolean", display: "Is Managed", options: NO_YES },
      _businessunitid_value: {
        type: "Lookup",
        display: "Business Unit",
        lookup: { target: "businessunit", navigation: "businessunitid" },
      },
    },
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
    ownership: "BusinessOwned",
    columns: {
      isdisabled: { type: "Boolean", display: "Is Disabled", options: NO_YES },
      parentbusinessunitid: { type: "Lookup", display: "Parent Business" },
      _parentbusinessunitid_value: {
        type: "Lookup",
        display: "Parent Business",
        lookup: { target: "businessunit", navigation: "parentbusinessunitid" },
      },
    },
  },
  ...ADMIN_TABLES,
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
    OwnershipType: d.ownership ?? "UserOwned",
    DisplayName: label(d.displayName, nameBasedGuid("label", d.logicalName)),
    DisplayCollectionName: label(d.displayCollectionName, nameBasedGuid("labels", d.logicalName)),
    Description: label(`${d.displayName} records.`, nameBasedGuid("description", d.logicalName)),
  };
}
