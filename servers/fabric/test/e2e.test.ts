/**
 * End to end: the BUILT bin spawned over stdio, driven by the MCP SDK Client, against the emulator's
 * Entra ID, Key Vault and Fabric REST API — app-only, delegated, and with auth failing. Network
 * behaviour is asserted on the emulator's request log; stdout must carry nothing but JSON-RPC.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { SAMPLE } from "@entra-mcp/emulator";
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
const FABRIC = { fabric: "https://api.fabric.microsoft.com" };
const { workspaces, fabricItems } = SAMPLE;

let t: TestEmulator;
beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npx turbo run build\` first.`);
  t = await startTestEmulator();
});
afterAll(async () => t?.emulator.stop());
beforeEach(() => t.emulator.clearRequests());

describe("entra-mcp-fabric (built bin over stdio) against the emulator", () => {
  it("app-only: items by type and lakehouse tables, by workspace and lakehouse name; one Key Vault read", async () => {
    await withChildServer(BIN, t.appEnv(), async (server) => {
      const items = await call(server, "list_items", {
        workspaceId: workspaces.sales.name,
        type: "Lakehouse",
      });
      expect(items.isError, textOf(items)).toBeFalsy();
      expect(valuesOf(items).map((item) => item.displayName)).toEqual([fabricItems.salesLakehouse.name]);

      const tables = await call(server, "list_lakehouse_tables", {
        workspaceId: workspaces.sales.name,
        lakehouseId: fabricItems.salesLakehouse.name,
      });
      expect(tables.isError, textOf(tables)).toBeFalsy();
      // List Tables keeps its rows in `data` (not `value`), continuation-paged; the kit follows the pages.
      const data = (dataOf(tables)?.data ?? []) as Record<string, unknown>[];
      expect(data.map((table) => table.name)).toEqual([
        "dim_customer",
        "dim_date",
        "dim_product",
        "fact_returns",
        "fact_sales",
      ]);

      // Two rows per page: the kit follows continuationUri and gathers every page's `data`.
      const paged = await call(server, "request", {
        method: "GET",
        path: `/workspaces/${workspaces.sales.id}/lakehouses/${fabricItems.salesLakehouse.id}/tables`,
        query: { maxResults: 2 },
      });
      expect(paged.isError, textOf(paged)).toBeFalsy();
      expect(((dataOf(paged)?.data ?? []) as unknown[]).length).toBe(5);
    });
    t.expectTraffic(FABRIC, 1);
  });

  it("app-only with writes: run_item_job polls the job to completion; a failing job reports its reason", async () => {
    await withChildServer(BIN, t.appEnv({ ENTRA_MCP_ALLOW_WRITES: "true" }), async (server) => {
      const run = await call(server, "run_item_job", {
        workspaceId: workspaces.sales.id,
        itemId: fabricItems.loadSalesNotebook.name,
        jobType: "RunNotebook",
      });
      expect(run.isError, textOf(run)).toBeFalsy();
      expect(dataOf(run)).toMatchObject({
        itemId: fabricItems.loadSalesNotebook.id,
        status: "Completed",
      });

      const broken = await call(server, "run_item_job", {
        workspaceId: workspaces.sales.id,
        itemId: fabricItems.brokenNotebook.id,
        jobType: "RunNotebook",
      });
      expect(broken.isError).toBe(true);
      expect(textOf(broken)).toMatch(/Failed.*JobInstanceStatusFailed.*spark_df/s);
    });
    // The canonical path, with the job type in it (not the older ?jobType= form).
    const starts = t.emulator.requests({
      origin: "fabric",
      method: "POST",
      path: "/jobs/RunNotebook/instances",
    });
    expect(starts).toHaveLength(2);
    t.expectTraffic(FABRIC, 1);
  });

  it("delegated: the signed-in user's workspaces and one item", async () => {
    await withChildServer(BIN, t.delegatedEnv(), async (server) => {
      const list = await call(server, "list_workspaces");
      expect(list.isError, textOf(list)).toBeFalsy();
      expect(
        valuesOf(list)
          .map((workspace) => workspace.displayName)
          .sort(),
      ).toEqual([workspaces.sales.name, workspaces.finance.name, workspaces.marketing.name].sort());
      const item = await call(server, "get_item", {
        workspaceId: workspaces.sales.name,
        itemId: fabricItems.nightlyIngest.name,
      });
      expect(item.isError, textOf(item)).toBeFalsy();
      expect(dataOf(item)).toMatchObject({
        id: fabricItems.nightlyIngest.id,
        type: "DataPipeline",
      });
    });
    t.expectTraffic(FABRIC, 0);
    for (const entry of t.emulator.requests({ origin: "fabric" })) {
      expect(entry.oid).toBe(t.emulator.tenant.user.oid);
    }
  });

  it("auth failure (unknown certificate name): a readable tool error, no Fabric request, stdout stays pure", async () => {
    await withChildServer(BIN, t.appEnv({ ENTRA_MCP_CERT_NAME: "no-such-certificate" }), async (server) => {
      const result = await call(server, "list_workspaces");
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain("no-such-certificate");
    });
    expect(t.emulator.requests({ origin: "fabric" })).toEqual([]);
  });
});
