/**
 * End to end: the BUILT bin spawned over stdio, driven by the MCP SDK Client, against the emulator's
 * Entra ID, Key Vault and Power BI REST API — app-only, delegated, and with auth failing. Network
 * behaviour is asserted on the emulator's request log; stdout must carry nothing but JSON-RPC.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { SAMPLE } from "@entra-mcp/emulator";
import {
  callTool as call,
  startTestEmulator,
  type TestEmulator,
  textOf,
  valuesOf,
  withChildServer,
} from "@entra-mcp/test-support";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../dist/package/dist/launch.mjs", import.meta.url));
const POWER_BI = { powerbi: "https://analysis.windows.net/powerbi/api" };
const { workspaces, datasets } = SAMPLE;

let t: TestEmulator;
beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npx turbo run build\` first.`);
  t = await startTestEmulator();
});
afterAll(async () => t?.emulator.stop());
beforeEach(() => t.emulator.clearRequests());

const names = (rows: Record<string, unknown>[]) => rows.map((row) => row.name).sort();

describe("entra-mcp-powerbi (built bin over stdio) against the emulator", () => {
  it("app-only: the service principal's workspaces, a DAX query by workspace and model name; one Key Vault read", async () => {
    await withChildServer(BIN, t.appEnv(), async (server) => {
      const list = await call(server, "list_workspaces");
      expect(list.isError, textOf(list)).toBeFalsy();
      // The seeded service principal is a member of Sales Analytics and Finance only.
      expect(names(valuesOf(list))).toEqual([workspaces.finance.name, workspaces.sales.name].sort());

      const dax = await call(server, "execute_dax", {
        workspaceId: workspaces.sales.name,
        datasetId: datasets.salesModel.name,
        query: "EVALUATE TOPN(2, 'Product')",
      });
      expect(dax.isError, textOf(dax)).toBeFalsy();
      const { columns, rows } = dax.structuredContent as { columns: string[]; rows: unknown[][] };
      expect(rows).toHaveLength(2);
      expect(columns).toContain("Product[Product]");
    });
    t.expectTraffic(POWER_BI, 1);
    // The names were resolved against the workspace and dataset lists, then the query used the IDs.
    const query = t.emulator.requests({ origin: "powerbi", method: "POST" });
    expect(query.map((entry) => entry.path)).toEqual([
      `/v1.0/myorg/groups/${workspaces.sales.id}/datasets/${datasets.salesModel.id}/executeQueries`,
    ]);
  });

  it("app-only: refresh_dataset exists only with writes enabled, then starts a refresh", async () => {
    await withChildServer(BIN, t.appEnv(), async (server) => {
      const { tools } = await server.client.listTools();
      expect(tools.map((tool) => tool.name)).not.toContain("refresh_dataset");
    });
    await withChildServer(BIN, t.appEnv({ ENTRA_MCP_ALLOW_WRITES: "true" }), async (server) => {
      const started = await call(server, "refresh_dataset", {
        workspaceId: workspaces.sales.id,
        datasetId: datasets.salesModel.id,
      });
      expect(started.isError, textOf(started)).toBeFalsy();
      const history = await call(server, "list_refreshes", {
        workspaceId: workspaces.sales.id,
        datasetId: datasets.salesModel.id,
      });
      expect(history.isError, textOf(history)).toBeFalsy();
      expect(valuesOf(history).length).toBeGreaterThanOrEqual(3);
    });
    const posts = t.emulator.requests({ origin: "powerbi", method: "POST", path: "/refreshes" });
    expect(posts).toHaveLength(1);
  });

  it("delegated: the signed-in user's workspaces and reports", async () => {
    await withChildServer(BIN, t.delegatedEnv(), async (server) => {
      const list = await call(server, "list_workspaces");
      expect(list.isError, textOf(list)).toBeFalsy();
      // The user is a member of Sales Analytics, Finance and Marketing (not HR).
      expect(names(valuesOf(list))).toEqual(
        [workspaces.sales.name, workspaces.finance.name, workspaces.marketing.name].sort(),
      );
      const reports = await call(server, "list_reports", { workspaceId: workspaces.marketing.name });
      expect(reports.isError, textOf(reports)).toBeFalsy();
      expect(names(valuesOf(reports))).toEqual([SAMPLE.reports.campaignPerformance.name]);
    });
    t.expectTraffic(POWER_BI, 0);
    for (const entry of t.emulator.requests({ origin: "powerbi" })) {
      expect(entry.oid).toBe(t.emulator.tenant.user.oid);
    }
  });

  it("auth failure (unknown certificate name): a readable tool error, no Power BI request, stdout stays pure", async () => {
    await withChildServer(BIN, t.appEnv({ ENTRA_MCP_CERT_NAME: "no-such-certificate" }), async (server) => {
      const result = await call(server, "list_workspaces");
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain("no-such-certificate");
    });
    expect(t.emulator.requests({ origin: "powerbi" })).toEqual([]);
  });
});
