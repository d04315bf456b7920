/**
 * execute_dax end to end (the BUILT bin over stdio, against the emulator): the app-only RLS check
 * (one dataset read, no query sent), the identity passed in delegated mode, rows as a table, and
 * the notes when rows are cut by the output budget or by the service's own row limit.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { SAMPLE } from "@entra-mcp/emulator";
import {
  callTool as call,
  startTestEmulator,
  type TestEmulator,
  textOf,
  withChildServer,
} from "@entra-mcp/test-support";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../dist/package/dist/launch.mjs", import.meta.url));
const { workspaces, datasets } = SAMPLE;

interface DaxTable {
  columns: string[];
  rows: unknown[][];
  rowCount: number;
  note?: string;
}

let t: TestEmulator;
beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npx turbo run build\` first.`);
  t = await startTestEmulator();
});
afterAll(async () => t?.emulator.stop());
beforeEach(() => t.emulator.clearRequests());

const executeQueries = () =>
  t.emulator.requests({ origin: "powerbi", method: "POST", path: "/executeQueries" });
const regional = (extra: Record<string, unknown> = {}) => ({
  workspaceId: workspaces.sales.id,
  datasetId: datasets.regionalSales.id,
  query: "EVALUATE 'Sales'",
  ...extra,
});

describe("execute_dax", () => {
  it("app-only on an RLS model: refused after one dataset read, naming delegated mode and impersonatedUserName; 0 executeQueries", async () => {
    await withChildServer(BIN, t.appEnv(), async (server) => {
      for (const args of [regional(), regional({ impersonatedUserName: "megan@contoso.test" })]) {
        const result = await call(server, "execute_dax", args);
        expect(result.isError).toBe(true);
        const text = textOf(result);
        expect(text).toContain("Regional Sales");
        expect(text).toContain("row-level security");
        expect(text).toContain("ENTRA_MCP_AUTH_MODE=delegated");
        expect(text).toContain("impersonatedUserName");
      }
    });
    expect(executeQueries()).toEqual([]);
    const reads = t.emulator.requests({ origin: "powerbi", method: "GET" }).map((entry) => entry.path);
    expect(reads).toEqual([
      `/v1.0/myorg/groups/${workspaces.sales.id}/datasets/${datasets.regionalSales.id}`,
      `/v1.0/myorg/groups/${workspaces.sales.id}/datasets/${datasets.regionalSales.id}`,
    ]);
  });

  it("app-only on a model without RLS: the dataset read, then the query; rows come back as a table", async () => {
    await withChildServer(BIN, t.appEnv(), async (server) => {
      const result = await call(server, "execute_dax", {
        workspaceId: workspaces.sales.id,
        datasetId: datasets.salesModel.id,
        query: "EVALUATE TOPN(2, 'Customer', 'Customer'[CustomerKey], ASC)",
      });
      expect(result.isError, textOf(result)).toBeFalsy();
      const table = result.structuredContent as unknown as DaxTable;
      expect(table.columns).toEqual([
        "Customer[CustomerKey]",
        "Customer[Customer]",
        "Customer[City]",
        "Customer[Segment]",
      ]);
      expect(table.rows).toEqual([
        [1, "Fourth Coffee", "Seattle", "Retail"],
        [2, "Contoso Pharmaceuticals", "Boston", "Enterprise"],
      ]);
      expect(table.rowCount).toBe(2);
      expect(table.note).toBeUndefined();
    });
    expect(executeQueries()).toHaveLength(1);
  });

  it("delegated: no precheck; the user's own view, and impersonatedUserName sent so that UPN's roles apply", async () => {
    await withChildServer(BIN, t.delegatedEnv(), async (server) => {
      // Adele is a Member of Sales Analytics: RLS does not filter her own queries.
      const own = await call(server, "execute_dax", regional());
      expect(own.isError, textOf(own)).toBeFalsy();
      expect((own.structuredContent as unknown as DaxTable).rowCount).toBe(8);

      const asMegan = await call(
        server,
        "execute_dax",
        regional({ impersonatedUserName: "megan@contoso.test" }),
      );
      expect(asMegan.isError, textOf(asMegan)).toBeFalsy();
      const table = asMegan.structuredContent as unknown as DaxTable;
      const region = table.columns.indexOf("Sales[Region]");
      expect(table.rows.map((row) => row[region])).toEqual(["East", "East", "East"]);
    });
    expect(executeQueries()).toHaveLength(2);
    expect(t.emulator.requests({ origin: "powerbi", method: "GET", path: "/datasets/" })).toEqual([]);
  });

  it("rows cut to the output budget: whole rows, and the note says how many and which limit", async () => {
    const orders = t.emulator.workspaces.addDataset({
      workspaceId: workspaces.sales.id,
      name: "Orders Model",
      configuredBy: "adele@contoso.test",
      isRefreshable: false,
      tables: [
        {
          name: "Orders",
          columns: ["Id", "Customer"],
          rows: Array.from({ length: 300 }, (_, i) => ({ Id: i, Customer: `Customer number ${i}` })),
        },
      ],
    });
    await withChildServer(BIN, t.appEnv({ ENTRA_MCP_MAX_RESULT_BYTES: "8192" }), async (server) => {
      const result = await call(server, "execute_dax", {
        workspaceId: workspaces.sales.id,
        datasetId: orders.id,
        query: "EVALUATE 'Orders'",
      });
      expect(result.isError, textOf(result)).toBeFalsy();
      const table = result.structuredContent as unknown as DaxTable;
      expect(table.rowCount).toBe(300);
      expect(table.rows.length).toBeGreaterThan(10);
      expect(table.rows.length).toBeLessThan(300);
      // Whole rows, from the top.
      expect(table.rows[0]).toEqual([0, "Customer number 0"]);
      for (const row of table.rows) expect(row).toHaveLength(table.columns.length);
      expect(table.note).toContain(`${table.rows.length} of 300 rows`);
      expect(table.note).toContain("ENTRA_MCP_MAX_RESULT_BYTES");
    });
  });

  it("rows cut by the service (over 100,000 rows): the note names the service's limit", async () => {
    const big = t.emulator.workspaces.addDataset({
      workspaceId: workspaces.sales.id,
      name: "Big Model",
      configuredBy: "adele@contoso.test",
      isRefreshable: false,
      tables: [
        {
          name: "Events",
          columns: ["Id"],
          rows: Array.from({ length: 100_005 }, (_, i) => ({ Id: i })),
        },
      ],
    });
    await withChildServer(BIN, t.appEnv(), async (server) => {
      const result = await call(server, "execute_dax", {
        workspaceId: workspaces.sales.id,
        datasetId: big.id,
        query: "EVALUATE 'Events'",
      });
      expect(result.isError, textOf(result)).toBeFalsy();
      const table = result.structuredContent as unknown as DaxTable;
      expect(table.rowCount).toBe(100_000);
      expect(table.note).toContain("More than 100000 rows in a query result");
      expect(table.note).toContain("100,000 rows or 1,000,000 values");
      expect(table.note).toContain("ENTRA_MCP_MAX_RESULT_BYTES");
    });
  });
});
