/**
 * End to end, the tools beyond the first six: the BUILT bin over stdio against the emulator's seeded
 * Fabric tenant. Jobs (history, schedules, parameters, cancel), the lakehouse's SQL endpoint,
 * shortcuts and connections by default; item definitions and Git status (long-running operations
 * followed to /result) with ENTRA_MCP_TOOLS=developer; role assignments, capacities and the admin
 * inventory with ENTRA_MCP_TOOLS=admin.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { FABRIC_SAMPLE, SAMPLE } from "@entra-mcp/emulator";
import {
  callTool as call,
  dataOf,
  startTestEmulator,
  type TestEmulator,
  textOf,
  valuesOf,
  withChildServer,
} from "@entra-mcp/test-support";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../dist/package/dist/launch.mjs", import.meta.url));
const { workspaces, fabricItems } = SAMPLE;

let t: TestEmulator;
beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npx turbo run build\` first.`);
  t = await startTestEmulator();
});
afterAll(async () => t?.emulator.stop());
beforeEach(() => t.emulator.clearRequests());

const fabricPaths = (method?: string) =>
  t.emulator
    .requests({ origin: "fabric", ...(method ? { method } : {}) })
    .map((r) => r.path.replace(/\?.*$/, ""));

describe("entra-mcp-fabric: jobs, lakehouse, shortcuts, connections (default tools)", () => {
  it("app-only: job history newest first, schedules, the lakehouse SQL endpoint, shortcuts under a path, connections", async () => {
    await withChildServer(BIN, t.appEnv(), async (server) => {
      const workspace = await call(server, "get_workspace", { workspaceId: workspaces.sales.name });
      expect(workspace.isError, textOf(workspace)).toBeFalsy();
      expect(dataOf(workspace)).toMatchObject({ id: workspaces.sales.id, capacityId: SAMPLE.capacityId });

      const history = await call(server, "list_job_instances", {
        workspaceId: workspaces.sales.name,
        itemId: fabricItems.nightlyIngest.name,
      });
      expect(history.isError, textOf(history)).toBeFalsy();
      expect(valuesOf(history).map((job) => [job.id, job.invokeType, job.status])).toEqual([
        [FABRIC_SAMPLE.jobHistory.running, "Scheduled", "InProgress"],
        [FABRIC_SAMPLE.jobHistory.completed, "Scheduled", "Completed"],
        [FABRIC_SAMPLE.jobHistory.failed, "Scheduled", "Failed"],
      ]);

      const schedules = await call(server, "list_job_schedules", {
        workspaceId: workspaces.sales.id,
        itemId: fabricItems.nightlyIngest.id,
        jobType: "Pipeline",
      });
      expect(valuesOf(schedules)).toEqual([
        expect.objectContaining({
          id: FABRIC_SAMPLE.schedules.nightly,
          enabled: true,
          configuration: expect.objectContaining({ type: "Daily", times: ["02:00"] }),
        }),
      ]);

      const lakehouse = await call(server, "get_lakehouse", {
        workspaceId: workspaces.sales.name,
        lakehouseId: fabricItems.salesLakehouse.name,
      });
      expect(lakehouse.isError, textOf(lakehouse)).toBeFalsy();
      expect(dataOf(lakehouse)).toMatchObject({
        id: fabricItems.salesLakehouse.id,
        properties: {
          sqlEndpointProperties: {
            connectionString: expect.stringMatching(/\.datawarehouse\.fabric\.microsoft\.com$/),
            provisioningStatus: "Success",
          },
        },
      });

      const tables = await call(server, "list_shortcuts", {
        workspaceId: workspaces.sales.name,
        itemId: fabricItems.salesLakehouse.name,
        parentPath: "Tables",
      });
      expect(valuesOf(tables)).toEqual([
        {
          path: "Tables",
          name: "gl_entries",
          target: {
            type: "OneLake",
            oneLake: {
              workspaceId: workspaces.finance.id,
              itemId: fabricItems.financeLakehouse.id,
              path: "Tables/gl_entries",
            },
          },
        },
      ]);
      const all = await call(server, "list_shortcuts", {
        workspaceId: workspaces.sales.id,
        itemId: fabricItems.salesLakehouse.id,
      });
      expect(valuesOf(all).map((s) => s.name)).toEqual(["gl_entries", "raw_orders"]);

      // The service principal may use one connection (User role); the others are not its.
      const connections = await call(server, "list_connections");
      expect(valuesOf(connections).map((c) => c.displayName)).toEqual([
        FABRIC_SAMPLE.connections.salesSql.name,
      ]);
    });
  });

  it("delegated: the signed-in user's connections and the lakehouse SQL endpoint", async () => {
    await withChildServer(BIN, t.delegatedEnv(), async (server) => {
      const connections = await call(server, "list_connections");
      expect(connections.isError, textOf(connections)).toBeFalsy();
      expect(valuesOf(connections).map((c) => c.displayName)).toEqual([
        FABRIC_SAMPLE.connections.salesSql.name,
        FABRIC_SAMPLE.connections.dataLake.name,
      ]);
      const lakehouse = await call(server, "get_lakehouse", {
        workspaceId: workspaces.finance.name,
        lakehouseId: fabricItems.financeLakehouse.name,
      });
      expect(lakehouse.isError, textOf(lakehouse)).toBeFalsy();
      expect(dataOf(lakehouse)).toMatchObject({ workspaceId: workspaces.finance.id });
    });
    for (const entry of t.emulator.requests({ origin: "fabric" })) {
      expect(entry.oid).toBe(t.emulator.tenant.user.oid);
    }
  });

  it("writes: run_item_job on the canonical path with parameters; cancel_job_instance cancels a run once", async () => {
    await withChildServer(BIN, t.appEnv({ ENTRA_MCP_ALLOW_WRITES: "true" }), async (server) => {
      const parameters = [{ name: "region", type: "String", value: "West" }];
      const run = await call(server, "run_item_job", {
        workspaceId: workspaces.sales.name,
        itemId: fabricItems.nightlyIngest.name,
        jobType: "Pipeline",
        parameters,
      });
      expect(run.isError, textOf(run)).toBeFalsy();
      const job = dataOf(run) as { id: string; status: string };
      expect(job.status).toBe("Completed");
      expect(t.emulator.workspaces.fabric.runRequest(job.id)).toEqual({ parameters });
      expect(fabricPaths("POST")).toEqual([
        `/v1/workspaces/${workspaces.sales.id}/items/${fabricItems.nightlyIngest.id}/jobs/Pipeline/instances`,
      ]);

      // Table maintenance takes no per-run parameters: the service's FeatureNotAvailable comes through.
      const refused = await call(server, "run_item_job", {
        workspaceId: workspaces.sales.id,
        itemId: fabricItems.salesLakehouse.id,
        jobType: "TableMaintenance",
        parameters,
      });
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toMatch(/FeatureNotAvailable.*Parameter is not allowed/s);

      // A run someone else started and nobody waits on (the tools wait for theirs), then cancelled.
      const notebook = t.emulator.workspaces.getItem(workspaces.sales.id, fabricItems.loadSalesNotebook.id);
      if (!notebook) throw new Error("seeded notebook missing");
      const jobInstanceId = t.emulator.workspaces.startJob(notebook, "RunNotebook").id;
      const target = {
        workspaceId: workspaces.sales.name,
        itemId: fabricItems.loadSalesNotebook.name,
        jobInstanceId,
      };
      const cancel = await call(server, "cancel_job_instance", target);
      expect(cancel.isError, textOf(cancel)).toBeFalsy();
      expect(dataOf(cancel)).toMatchObject({ status: 202 });
      const after = await call(server, "get_job_instance", target);
      expect(dataOf(after)).toMatchObject({ id: jobInstanceId, status: "Cancelled" });
      const again = await call(server, "cancel_job_instance", target);
      expect(again.isError).toBe(true);
      expect(textOf(again)).toMatch(/JobAlreadyCompleted/);
    });
  });
});

describe("entra-mcp-fabric: ENTRA_MCP_TOOLS=developer (long-running operations)", () => {
  it("get_item_definition follows 202 → /v1/operations/{id} (Running, Succeeded) → /result", async () => {
    await withChildServer(BIN, t.appEnv({ ENTRA_MCP_TOOLS: "developer" }), async (server) => {
      const result = await call(server, "get_item_definition", {
        workspaceId: workspaces.sales.name,
        itemId: fabricItems.loadSalesNotebook.name,
      });
      expect(result.isError, textOf(result)).toBeFalsy();
      // The parts as a table, payloads decoded from base64 (they are UTF-8 text).
      const table = dataOf(result) as { columns: string[]; rows: string[][]; rowCount: number };
      expect(table.columns).toEqual(["path", "encoding", "content"]);
      expect(table.rows.map(([path, encoding]) => [path, encoding])).toEqual([
        ["notebook-content.py", "text"],
        [".platform", "text"],
      ]);
      expect(table.rows[0]?.[2]).toContain('spark.read.table("SalesLakehouse.fact_sales")');
      expect(JSON.parse(table.rows[1]?.[2] ?? "{}").metadata).toEqual({
        type: "Notebook",
        displayName: fabricItems.loadSalesNotebook.name,
      });

      const unsupported = await call(server, "get_item_definition", {
        workspaceId: workspaces.finance.id,
        itemId: fabricItems.financeWarehouse.id,
      });
      expect(unsupported.isError).toBe(true);
      expect(textOf(unsupported)).toMatch(/OperationNotSupportedForItem/);
    });
    const paths = fabricPaths().filter((p) => !p.endsWith("/items") && !p.endsWith("/workspaces"));
    const operation = paths.find((p) => p.startsWith("/v1/operations/"))?.split("/")[3];
    expect(operation).toMatch(/^[0-9a-f-]{36}$/);
    expect(paths.slice(0, 4)).toEqual([
      `/v1/workspaces/${workspaces.sales.id}/items/${fabricItems.loadSalesNotebook.id}/getDefinition`,
      `/v1/operations/${operation}`,
      `/v1/operations/${operation}`,
      `/v1/operations/${operation}/result`,
    ]);
  });

  it("get_git_status: uncommitted and incoming changes; a workspace without Git says so", async () => {
    await withChildServer(BIN, t.appEnv({ ENTRA_MCP_TOOLS: "developer" }), async (server) => {
      const status = await call(server, "get_git_status", { workspaceId: workspaces.sales.name });
      expect(status.isError, textOf(status)).toBeFalsy();
      const body = dataOf(status) as {
        workspaceHead: string;
        changes: { itemMetadata: { displayName: string }; workspaceChange?: string; remoteChange?: string }[];
      };
      expect(body.workspaceHead).toBe(FABRIC_SAMPLE.git.workspaceHead);
      expect(
        body.changes.map((c) => [c.itemMetadata.displayName, c.workspaceChange, c.remoteChange]),
      ).toEqual([
        [fabricItems.loadSalesNotebook.name, "Modified", undefined],
        [fabricItems.nightlyIngest.name, undefined, "Modified"],
      ]);
      // The service principal is Contributor of Finance, which has no Git connection.
      const none = await call(server, "get_git_status", { workspaceId: workspaces.finance.name });
      expect(none.isError).toBe(true);
      expect(textOf(none)).toMatch(/WorkspaceNotConnectedToGit/);
    });
  });
  it("delegated without the Git scope: the refusal names the scopes to consent", async () => {
    // The default consent has no Workspace.GitUpdate.All (the manifest leaves it out on purpose).
    await withChildServer(BIN, t.delegatedEnv({ ENTRA_MCP_TOOLS: "developer" }), async (server) => {
      const status = await call(server, "get_git_status", { workspaceId: workspaces.sales.name });
      expect(status.isError).toBe(true);
      expect(textOf(status)).toMatch(/InsufficientScopes/);
      expect(textOf(status)).toMatch(/Workspace\.GitUpdate\.All/);
    });
    expect(fabricPaths().filter((p) => p.includes("/operations/"))).toEqual([]);
  });
});

describe("entra-mcp-fabric: ENTRA_MCP_TOOLS=admin", () => {
  it("role assignments with principal details, capacities, and the tenant-wide inventory across pages", async () => {
    t.emulator.workspaces.fabric.listPageSize = 2;
    try {
      await withChildServer(BIN, t.appEnv({ ENTRA_MCP_TOOLS: "admin" }), async (server) => {
        const roles = await call(server, "list_workspace_role_assignments", {
          workspaceId: workspaces.sales.name,
        });
        expect(roles.isError, textOf(roles)).toBeFalsy();
        expect(valuesOf(roles)).toEqual([
          {
            id: t.emulator.tenant.spObjectId,
            principal: expect.objectContaining({
              type: "ServicePrincipal",
              servicePrincipalDetails: { aadAppId: t.emulator.tenant.clientId },
            }),
            role: "Admin",
          },
          {
            id: t.emulator.tenant.user.oid,
            principal: expect.objectContaining({
              type: "User",
              userDetails: { userPrincipalName: t.emulator.tenant.user.upn },
            }),
            role: "Member",
          },
        ]);
        // Finance: the service principal is only a Contributor there.
        const finance = await call(server, "list_workspace_role_assignments", {
          workspaceId: workspaces.finance.id,
        });
        expect(finance.isError).toBe(true);
        expect(textOf(finance)).toMatch(/InsufficientPrivileges/);

        const capacities = await call(server, "list_capacities");
        expect(valuesOf(capacities)).toEqual([
          {
            id: SAMPLE.capacityId,
            displayName: "Contoso F64",
            sku: "F64",
            region: "West Europe",
            state: "Active",
          },
        ]);

        // Four workspaces, two per page: the kit follows continuationUri for the `workspaces` array.
        const all = await call(server, "admin_list_workspaces");
        expect(all.isError, textOf(all)).toBeFalsy();
        const names = ((dataOf(all)?.workspaces ?? []) as { name: string }[]).map((w) => w.name);
        expect(names.sort()).toEqual(
          Object.values(workspaces)
            .map((w) => w.name)
            .sort(),
        );
        expect(dataOf(all)).not.toHaveProperty("continuationUri");

        // HR (restricted): no role for the service principal, but an admin sees its items.
        const hr = await call(server, "admin_list_items", { workspaceId: workspaces.hr.id });
        expect(
          ((dataOf(hr)?.itemEntities ?? []) as { name: string; type: string }[]).map((i) => [i.type, i.name]),
        ).toEqual([["SemanticModel", SAMPLE.datasets.headcount.name]]);
      });
    } finally {
      t.emulator.workspaces.fabric.listPageSize = 100;
    }
    const adminPages = t.emulator.requests({ origin: "fabric", path: "/v1/admin/workspaces" });
    expect(adminPages).toHaveLength(2);
  });
});
