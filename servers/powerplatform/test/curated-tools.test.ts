/**
 * Every curated tool beyond the first five, end to end: the BUILT bin over stdio with
 * ENTRA_MCP_TOOLS=all against the emulator's Power Platform API and Dataverse (seeded system
 * tables), app-only and delegated. Each asserts the seeded data it must return.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { SAMPLE } from "@entra-mcp/emulator";
import {
  type ChildServer,
  callTool as call,
  dataOf,
  startTestEmulator,
  type TestEmulator,
  textOf,
  valuesOf,
  withChildServer,
} from "@entra-mcp/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../dist/package/dist/launch.mjs", import.meta.url));
const { contoso, contosoSales } = SAMPLE.environments;

let t: TestEmulator;
beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npx turbo run build\` first.`);
  t = await startTestEmulator();
});
afterAll(async () => t?.emulator.stop());

const ok = async (server: ChildServer, tool: string, args: Record<string, unknown> = {}) => {
  const result = await call(server, tool, args);
  expect(result.isError, `${tool}: ${textOf(result)}`).toBeFalsy();
  return result;
};
const names = (rows: Record<string, unknown>[], field = "name") => rows.map((row) => row[field]);

describe("curated Power Platform and Dataverse tools (built bin, ENTRA_MCP_TOOLS=all)", () => {
  it("app-only: environments, apps and the Dataverse data tools", async () => {
    const environment = t.emulator.urls.dataverse;
    await withChildServer(BIN, t.appEnv({ ENTRA_MCP_TOOLS: "all" }), async (server) => {
      const sandboxes = await ok(server, "list_environments", {
        filter: "type eq 'Sandbox'",
        select: "id,displayName",
      });
      expect(valuesOf(sandboxes)).toEqual([{ id: contosoSales.name, displayName: contosoSales.displayName }]);

      const details = await ok(server, "get_environment", { environmentId: contoso.name });
      expect(dataOf(details)).toMatchObject({
        displayName: contoso.displayName,
        type: "Production",
        url: `${environment}/`,
      });

      const byName = await ok(server, "get_environment", {
        environmentId: contosoSales.displayName,
        select: "id",
      });
      expect(dataOf(byName)).toEqual({ id: contosoSales.name });
      const unknown = await call(server, "get_environment", { environmentId: "No Such Environment" });
      expect(unknown.isError).toBe(true);
      expect(textOf(unknown)).toContain(contoso.displayName);

      const apps = await ok(server, "list_apps", { environmentId: contoso.name });
      expect(valuesOf(apps).map((app) => (app.properties as { displayName: string }).displayName)).toEqual([
        "Account Explorer",
        "Expense Reports",
      ]);

      const [fourth] = valuesOf(
        await ok(server, "dataverse_query", {
          environment,
          entitySet: "accounts",
          select: "name",
          filter: "name eq 'Fourth Coffee'",
          expand: "primarycontactid($select=fullname)",
        }),
      );
      expect(fourth).toMatchObject({ name: "Fourth Coffee", primarycontactid: { fullname: "Yvonne McKay" } });

      const record = await ok(server, "get_record", {
        environment,
        entitySet: "accounts",
        id: fourth?.accountid,
        select: "name,statecode,revenue",
        formatted: true,
      });
      expect(dataOf(record)).toMatchObject({
        name: "Fourth Coffee",
        "statecode@OData.Community.Display.V1.FormattedValue": "Active",
        "revenue@OData.Community.Display.V1.FormattedValue": "$4,500,000.00",
      });
      const plain = await ok(server, "get_record", {
        environment,
        entitySet: "accounts",
        id: fourth?.accountid,
        select: "statecode",
      });
      expect(Object.keys(dataOf(plain) ?? {}).some((key) => key.includes("FormattedValue"))).toBe(false);

      const accounts = await ok(server, "count_records", { environment, table: "account" });
      expect(dataOf(accounts)?.EntityRecordCountCollection).toMatchObject({
        Keys: ["account"],
        Values: [12],
      });
      const contacts = await ok(server, "count_records", { environment, table: "contact" });
      expect(dataOf(contacts)?.EntityRecordCountCollection).toMatchObject({ Keys: ["contact"], Values: [8] });

      const columns = valuesOf(await ok(server, "list_columns", { environment, table: "account" }));
      expect(columns.find((c) => c.LogicalName === "revenue")).toMatchObject({ AttributeType: "Money" });
      expect(columns.find((c) => c.LogicalName === "accountid")).toMatchObject({ IsPrimaryId: true });

      const runs = valuesOf(await ok(server, "list_flow_runs", { environment, status: "Failed" }));
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ status: "Failed", errorcode: "ActionFailed" });
      const flows = valuesOf(await ok(server, "list_flows", { environment, nameContains: "Notify" }));
      const flowRuns = valuesOf(
        await ok(server, "list_flow_runs", { environment, flowId: flows[0]?.workflowid }),
      );
      expect(flowRuns.map((run) => run.status)).toEqual(["Running", "Failed", "Succeeded"]);
    });
  });

  it("app-only: schema (analyst) and administration (admin) tools", async () => {
    const environment = t.emulator.urls.dataverse;
    await withChildServer(BIN, t.appEnv({ ENTRA_MCP_TOOLS: "all" }), async (server) => {
      const choices = valuesOf(await ok(server, "list_choices", { environment, table: "account" }));
      const industry = choices.find((c) => c.LogicalName === "industrycode") as {
        OptionSet: { Options: { Value: number; Label: { UserLocalizedLabel: { Label: string } } }[] };
      };
      expect(industry.OptionSet.Options.map((o) => o.Label.UserLocalizedLabel.Label)).toContain("Consulting");
      const states = valuesOf(
        await ok(server, "list_choices", { environment, table: "account", kind: "StateAttributeMetadata" }),
      );
      expect(names(states, "LogicalName")).toEqual(["statecode"]);

      const oneToMany = valuesOf(
        await ok(server, "list_relationships", {
          environment,
          table: "account",
          kind: "OneToManyRelationships",
        }),
      );
      expect(oneToMany.map((r) => r.SchemaName)).toEqual(["contact_customer_accounts"]);
      const manyToOne = valuesOf(
        await ok(server, "list_relationships", {
          environment,
          table: "account",
          kind: "ManyToOneRelationships",
        }),
      );
      expect(manyToOne[0]).toMatchObject({
        SchemaName: "account_primary_contact",
        ReferencingEntityNavigationPropertyName: "primarycontactid",
      });

      const views = valuesOf(await ok(server, "list_saved_queries", { environment, table: "account" }));
      expect(names(views)).toEqual([
        "Active Accounts",
        "Inactive Accounts",
        "My Active Accounts",
        "Quick Find Active Accounts",
      ]);

      const solutions = valuesOf(await ok(server, "list_solutions", { environment, visibleOnly: true }));
      expect(names(solutions, "uniquename")).toEqual(["ContosoSales", "msdynce_Sales"]);

      const users = valuesOf(
        await ok(server, "list_dataverse_users", {
          environment,
          applicationUsersOnly: true,
          withRoles: true,
        }),
      );
      expect(users).toHaveLength(1);
      expect(users[0]?.applicationid).toBe(t.emulator.tenant.clientId.toLowerCase());
      expect(names(users[0]?.systemuserroles_association as Record<string, unknown>[])).toEqual([
        "System Administrator",
      ]);

      const roles = valuesOf(
        await ok(server, "list_security_roles", { environment, nameContains: "System" }),
      );
      expect(names(roles)).toEqual(["System Administrator", "System Customizer"]);

      const teams = valuesOf(await ok(server, "list_teams", { environment }));
      expect(teams.find((team) => team.name === "Finance Readers")).toMatchObject({ teamtype: 2 });

      const failed = valuesOf(await ok(server, "list_async_operations", { environment, failedOnly: true }));
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatchObject({
        statuscode: 31,
        "statuscode@OData.Community.Display.V1.FormattedValue": "Failed",
        "operationtype@OData.Community.Display.V1.FormattedValue": "Bulk Delete",
      });

      const traces = valuesOf(
        await ok(server, "list_plugin_trace_logs", { environment, exceptionsOnly: true }),
      );
      expect(names(traces, "typename")).toEqual(["Contoso.Plugins.CreditCheckPlugin"]);
    });
  });

  it("delegated: the signed-in user's view (Basic User role) and the Power Platform API scopes", async () => {
    await withChildServer(BIN, t.delegatedEnv({ ENTRA_MCP_TOOLS: "all" }), async (server) => {
      const environments = await ok(server, "list_environments", { top: 1 });
      expect(valuesOf(environments)).toHaveLength(1);
      const apps = await ok(server, "list_apps", { environmentId: contosoSales.name });
      expect(valuesOf(apps).map((app) => (app.properties as { displayName: string }).displayName)).toEqual([
        "Sandbox Prototype",
      ]);
      const counts = await ok(server, "count_records", {
        environment: t.emulator.urls.dataverse2,
        table: "account",
      });
      expect(dataOf(counts)?.EntityRecordCountCollection).toMatchObject({ Values: [3] });
    });
  });

  it("bad input is refused before any call, with what to fix", async () => {
    await withChildServer(BIN, t.appEnv({ ENTRA_MCP_TOOLS: "all" }), async (server) => {
      t.emulator.clearRequests();
      const badId = await call(server, "get_record", {
        environment: t.emulator.urls.dataverse,
        entitySet: "accounts",
        id: "42",
      });
      expect(badId.isError).toBe(true);
      expect(textOf(badId)).toMatch(/GUID/);
      const badTable = await call(server, "list_columns", {
        environment: t.emulator.urls.dataverse,
        table: "Account's",
      });
      expect(badTable.isError).toBe(true);
      expect(textOf(badTable)).toMatch(/table logical name/);
      expect(t.emulator.requests((entry) => entry.origin.startsWith("dataverse"))).toEqual([]);
    });
  });
});
