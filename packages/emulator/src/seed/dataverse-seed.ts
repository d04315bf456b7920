import type { DataverseEnvironment } from "../dataverse/dataverse-environment.js";
import type { DirectoryUser } from "../directory/directory-types.js";
import { nameBasedGuid } from "../ids.js";
import { seedAdminTables } from "./dataverse-admin-seed.js";

export interface DataverseSeedPrincipals {
  /** appId of the seeded app: becomes an application user (System Administrator) in every environment. */
  clientId: string;
  /** The application user's full name. */
  appUserName: string;
  users: DirectoryUser[];
}

const ACCOUNTS: [string, string, string, number][] = [
  ["Fourth Coffee", "Seattle", "ACC-1001", 4_500_000],
  ["Contoso Pharmaceuticals", "Boston", "ACC-1002", 91_000_000],
  ["Tailspin Toys", "Denver", "ACC-1003", 2_300_000],
  ["Wide World Importers", "Chicago", "ACC-1004", 38_000_000],
  ["Adventure Works Cycles", "Bothell", "ACC-1005", 12_700_000],
  ["Alpine Ski House", "Aspen", "ACC-1006", 5_100_000],
  ["Blue Yonder Airlines", "Dallas", "ACC-1007", 240_000_000],
  ["City Power & Light", "Atlanta", "ACC-1008", 60_000_000],
  ["Coho Winery", "Napa", "ACC-1009", 8_200_000],
  ["Fabrikam, Inc.", "Redmond", "ACC-1010", 150_000_000],
  ["Litware, Inc.", "Austin", "ACC-1011", 19_000_000],
  ["Northwind Traders", "Portland", "ACC-1012", 27_500_000],
];

const CONTACTS: [string, string, string, number][] = [
  ["Yvonne", "McKay", "Purchasing Manager", 0],
  ["Susanna", "Stubberod", "CFO", 1],
  ["Nancy", "Anderson", "Owner", 2],
  ["Maria", "Campbell", "Buyer", 3],
  ["Sidney", "Higa", "Operations Director", 4],
  ["Scott", "Konersmann", "IT Manager", 6],
  ["Robert", "Lyon", "Sales Director", 9],
  ["Paul", "Cannon", "Procurement Lead", 11],
];

const FLOW_DEFINITION = (trigger: string) =>
  JSON.stringify({
    properties: {
      connectionReferences: {},
      definition: {
        $schema:
          "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
        triggers: {
          [trigger]: { type: trigger === "Recurrence" ? "Recurrence" : "OpenApiConnectionWebhook" },
        },
        actions: {},
      },
    },
    schemaVersion: "1.0.0.0",
  });

/**
 * The default environment: 12 accounts, 8 contacts, 3 cloud flows and a classic workflow, and its
 * system tables (solutions, views, teams, system jobs, plug-in trace logs, flow runs).
 */
export function seedContosoEnvironment(env: DataverseEnvironment, who: DataverseSeedPrincipals): void {
  addPeople(env, who, who.users);
  const owner = env.listUsers()[0]?.systemuserid ?? null;
  const accounts = ACCOUNTS.map(([name, city, number, revenue], i) =>
    env.addRecord("account", {
      accountid: nameBasedGuid("account", env.info.name, String(i)),
      name,
      accountnumber: number,
      telephone1: `555-01${String(i).padStart(2, "0")}`,
      emailaddress1: `info@${name.toLowerCase().replace(/[^a-z]/g, "")}.example`,
      websiteurl: `https://www.${name.toLowerCase().replace(/[^a-z]/g, "")}.example`,
      address1_city: city,
      address1_country: "United States",
      industrycode: null,
      revenue,
      numberofemployees: Math.round(revenue / 100_000),
      statecode: i === 11 ? 1 : 0,
      statuscode: i === 11 ? 2 : 1,
      _primarycontactid_value: null,
      _ownerid_value: owner,
    }),
  );
  for (const [first, last, jobtitle, accountIndex] of CONTACTS) {
    const account = accounts[accountIndex];
    const contact = env.addRecord("contact", {
      contactid: nameBasedGuid("contact", env.info.name, first, last),
      fullname: `${first} ${last}`,
      firstname: first,
      lastname: last,
      jobtitle,
      emailaddress1: `${first.toLowerCase()}@example.com`,
      telephone1: null,
      address1_city: account?.address1_city ?? null,
      _parentcustomerid_value: account?.accountid ?? null,
      _ownerid_value: owner,
    });
    // An account's first contact is its primary contact (accounts without contacts have none).
    if (account && account._primarycontactid_value === null)
      account._primarycontactid_value = contact.contactid;
  }
  const flows: [string, number, number, string][] = [
    ["Notify sales on new account", 5, 1, "When_a_row_is_added"],
    ["Daily pipeline digest", 5, 1, "Recurrence"],
    ["Escalate overdue cases (draft)", 5, 0, "When_a_row_is_modified"],
    ["Legacy account sync", 0, 1, ""],
  ];
  flows.forEach(([name, category, statecode, trigger], i) => {
    addWorkflow(env, owner, name, category, statecode, trigger, i);
  });
  seedAdminTables(env, owner);
}

/** The sandbox: a few rows of its own, so tests can tell environments apart. */
export function seedSalesEnvironment(env: DataverseEnvironment, who: DataverseSeedPrincipals): void {
  addPeople(env, who, who.users.slice(0, 1));
  const owner = env.listUsers()[0]?.systemuserid ?? null;
  ["Sandbox Account A", "Sandbox Account B", "Sandbox Account C"].forEach((name, i) => {
    env.addRecord("account", {
      accountid: nameBasedGuid("account", env.info.name, String(i)),
      name,
      accountnumber: `SBX-${i + 1}`,
      address1_city: "Redmond",
      revenue: 1000 * (i + 1),
      _ownerid_value: owner,
    });
  });
  env.addRecord("contact", {
    fullname: "Test Contact",
    firstname: "Test",
    lastname: "Contact",
    _ownerid_value: owner,
  });
  addWorkflow(env, owner, "Sandbox test flow", 5, 1, "Recurrence", 0);
}

function addPeople(env: DataverseEnvironment, who: DataverseSeedPrincipals, users: DirectoryUser[]): void {
  for (const u of users) env.addUser({ oid: u.oid, fullname: u.displayName, upn: u.upn });
  env.addApplicationUser(who.clientId, who.appUserName);
}

function addWorkflow(
  env: DataverseEnvironment,
  owner: string | null,
  name: string,
  category: number,
  statecode: number,
  trigger: string,
  index: number,
): void {
  const id = nameBasedGuid("workflow", env.info.name, String(index));
  env.addRecord("workflow", {
    workflowid: id,
    workflowidunique: nameBasedGuid("workflow-unique", id),
    name,
    description: category === 5 ? "Cloud flow" : "Classic background workflow",
    // category 5 = Modern Flow (cloud flow), 0 = classic workflow; type 1 = definition.
    category,
    type: 1,
    mode: 0,
    primaryentity: category === 5 ? "none" : "account",
    statecode,
    statuscode: statecode === 1 ? 2 : 1,
    ismanaged: false,
    clientdata: category === 5 ? FLOW_DEFINITION(trigger) : null,
    _ownerid_value: owner,
  });
}
