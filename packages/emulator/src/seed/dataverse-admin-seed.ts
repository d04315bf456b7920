import type { DataverseEnvironment } from "../dataverse/dataverse-environment.js";
import { nameBasedGuid } from "../ids.js";

/**
 * What an admin finds in a working environment's system tables: solutions, views, teams, system
 * jobs, plug-in trace logs and cloud flow runs. Deterministic ids and times, so tests can name them.
 */
export function seedAdminTables(env: DataverseEnvironment, owner: string | null): void {
  const id = (...parts: string[]) => nameBasedGuid("dataverse-admin", env.info.name, ...parts);
  const at = (day: number, hour: number, minute = 0) =>
    new Date(Date.UTC(2026, 10, day, hour, minute)).toISOString().replace(/\.\d{3}Z$/, "Z");

  const solutions: [string, string, string, boolean, boolean][] = [
    ["Default", "Default Solution", "1.0", false, false],
    ["Active", "Active Solution", "1.0", false, false],
    ["ContosoSales", "Contoso Sales", "1.2.0.4", false, true],
    ["msdynce_Sales", "Dynamics 365 Sales", "9.0.2409.1002", true, true],
  ];
  for (const [uniquename, friendlyname, version, ismanaged, isvisible] of solutions) {
    env.addRecord("solution", {
      solutionid: id("solution", uniquename),
      uniquename,
      friendlyname,
      version,
      ismanaged,
      isvisible,
      description: null,
      installedon: at(1, 9),
      _publisherid_value: id("publisher", ismanaged ? "microsoft" : "contoso"),
    });
  }

  const views: [string, string, number, boolean, boolean][] = [
    ["Active Accounts", "account", 0, true, false],
    ["My Active Accounts", "account", 0, false, false],
    ["Inactive Accounts", "account", 0, false, false],
    ["Quick Find Active Accounts", "account", 4, false, true],
    ["Active Contacts", "contact", 0, true, false],
  ];
  for (const [name, table, querytype, isdefault, isquickfindquery] of views) {
    const state = name.startsWith("Inactive") ? 1 : 0;
    env.addRecord("savedquery", {
      savedqueryid: id("view", name),
      name,
      description: null,
      returnedtypecode: table,
      querytype,
      isdefault,
      isquickfindquery,
      fetchxml: `<fetch version="1.0" mapping="logical"><entity name="${table}"><attribute name="${table === "account" ? "name" : "fullname"}" /><filter type="and"><condition attribute="statecode" operator="eq" value="${state}" /></filter></entity></fetch>`,
      layoutxml: `<grid name="resultset" object="${table === "account" ? 1 : 2}" jump="${table === "account" ? "name" : "fullname"}" select="1" icon="1" preview="1"><row name="result" id="${table}id" /></grid>`,
      ismanaged: true,
      statecode: 0,
    });
  }

  const teams: [string, number, boolean, string | null][] = [
    [env.info.domainName, 0, true, null],
    ["Sales Team", 0, false, null],
    ["Finance Readers", 2, false, id("entra-group", "finance-readers")],
  ];
  for (const [name, teamtype, isdefault, group] of teams) {
    env.addRecord("team", {
      teamid: id("team", name),
      name,
      teamtype,
      isdefault,
      azureactivedirectoryobjectid: group,
      membershiptype: teamtype === 2 ? 0 : null,
      description: isdefault ? "Default team for the parent business unit." : null,
      _businessunitid_value: env.info.businessUnitId,
    });
  }

  const jobs: [string, number, number, number, string | null, number | null][] = [
    ["Notify sales on new account", 10, 3, 30, null, null],
    [
      "Bulk delete: inactive contacts",
      6,
      3,
      31,
      "The bulk delete job failed: 3 records could not be deleted.",
      -2147220891,
    ],
    ["Daily pipeline digest", 10, 1, 10, null, null],
  ];
  jobs.forEach(([name, operationtype, statecode, statuscode, message, errorcode], i) => {
    env.addRecord("asyncoperation", {
      asyncoperationid: id("job", name),
      name,
      operationtype,
      statecode,
      statuscode,
      message,
      friendlymessage: message,
      errorcode,
      startedon: statecode === 3 ? at(20 + i, 8) : null,
      completedon: statecode === 3 ? at(20 + i, 8, 2) : null,
      _regardingobjectid_value: null,
      _ownerid_value: owner,
    });
  });

  const traces: [string, string, number, string | null][] = [
    ["Contoso.Plugins.AccountNumberPlugin", "Create", 0, null],
    [
      "Contoso.Plugins.CreditCheckPlugin",
      "Update",
      1,
      "System.InvalidPluginExecutionException: The credit service did not answer within 30 seconds.",
    ],
  ];
  traces.forEach(([typename, messagename, mode, exceptiondetails], i) => {
    env.addRecord("plugintracelog", {
      plugintracelogid: id("trace", typename),
      typename,
      messagename,
      primaryentity: "account",
      mode,
      operationtype: 1,
      depth: 1,
      correlationid: id("correlation", typename),
      exceptiondetails,
      messageblock: `Entered ${typename}.Execute()`,
      performanceexecutionduration: 40 + i * 30_000,
    });
  });

  const flows = env.recordsOf("workflows").filter((w) => w.category === 5);
  const runs: [number, string, string | null][] = [
    [0, "Succeeded", null],
    [0, "Failed", "ActionFailed"],
    [1, "Succeeded", null],
    [0, "Running", null],
  ];
  runs.forEach(([flowIndex, status, errorcode], i) => {
    const flow = flows[flowIndex];
    if (!flow) return;
    const start = at(25, 6 + i);
    env.addRecord("flowrun", {
      flowrunid: id("flowrun", String(i)),
      name: `08584${String(700000000000 + i)}CU${String(10 + i)}`,
      status,
      starttime: start,
      endtime: status === "Running" ? null : at(25, 6 + i, 1),
      duration: status === "Running" ? null : 60_000,
      triggertype: flowIndex === 1 ? "Recurrence" : "Automated",
      errorcode,
      errormessage: errorcode ? "The 'Send an email' action failed: the mailbox is not reachable." : null,
      _workflow_value: flow.workflowid,
      _ownerid_value: owner,
    });
  });
}
