/**
 * End to end, the preset tools: the BUILT bin over stdio (MCP SDK Client) against the emulator's
 * Power BI — analyst (dashboards, tiles, pages, dataflows, apps, model internals, refresh details),
 * admin (workspace users, capacities, gateways, the scanner, the activity log). Network behaviour
 * is asserted on the emulator's request log.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { POWER_BI_SAMPLE, SAMPLE } from "@entra-mcp/emulator";
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
const { workspaces, datasets, reports } = SAMPLE;
const P = POWER_BI_SAMPLE;
// Two days ago (UTC): a day the seed's activity log holds in full, even after midnight.
const fullDay = () => new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);

let t: TestEmulator;
beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npx turbo run build\` first.`);
  t = await startTestEmulator();
});
afterAll(async () => t?.emulator.stop());
beforeEach(() => t.emulator.clearRequests());

const pbiRequests = (method?: string) =>
  t.emulator.requests({ origin: "powerbi", ...(method ? { method } : {}) }).map((entry) => entry.path);

describe("entra-mcp-powerbi presets (built bin over stdio) against the emulator", () => {
  it("analyst, app-only: dashboards, tiles and report pages by name; dataflows; model data sources, schedule, parameters", async () => {
    await withChildServer(BIN, t.appEnv({ ENTRA_MCP_TOOLS: "analyst" }), async (server) => {
      const dashboards = await call(server, "list_dashboards", { workspaceId: workspaces.sales.name });
      expect(dashboards.isError, textOf(dashboards)).toBeFalsy();
      expect(valuesOf(dashboards).map((d) => d.displayName)).toEqual([P.dashboards.salesPulse.name]);
      const tiles = await call(server, "list_tiles", {
        workspaceId: workspaces.sales.name,
        dashboardId: P.dashboards.salesPulse.name,
      });
      expect(valuesOf(tiles).map((tile) => tile.title)).toEqual([
        P.tiles.revenue.name,
        P.tiles.topProducts.name,
      ]);
      const pages = await call(server, "list_report_pages", {
        workspaceId: workspaces.sales.name,
        reportId: reports.salesOverview.name,
      });
      expect(valuesOf(pages).map((page) => page.displayName)).toEqual(["Overview", "By Product"]);
      const flows = await call(server, "list_dataflows", { workspaceId: workspaces.sales.id });
      expect(valuesOf(flows).map((flow) => flow.name)).toEqual([P.dataflows.salesStaging.name]);

      const model = { workspaceId: workspaces.sales.name, datasetId: datasets.salesModel.name };
      const sources = await call(server, "get_dataset_datasources", model);
      expect(valuesOf(sources)[0]).toMatchObject({ datasourceType: "Sql" });
      const schedule = await call(server, "get_refresh_schedule", model);
      expect(dataOf(schedule)).toMatchObject({ enabled: true, times: ["06:00", "18:00"] });
      const parameters = await call(server, "get_dataset_parameters", model);
      expect(valuesOf(parameters).map((p) => p.name)).toEqual(["ServerName", "Region"]);

      // Installed apps are per user: app-only mode is refused before any request.
      const before = pbiRequests().length;
      const apps = await call(server, "list_apps");
      expect(apps.isError).toBe(true);
      expect(textOf(apps)).toContain("ENTRA_MCP_AUTH_MODE=delegated");
      expect(pbiRequests()).toHaveLength(before);
    });
    // Names were resolved with one list GET each, then the calls used IDs.
    expect(pbiRequests()).toContain(
      `/v1.0/myorg/groups/${workspaces.sales.id}/dashboards/${P.dashboards.salesPulse.id}/tiles`,
    );
  });

  it("analyst + writes: an enhanced refresh of one table, then its details by the refreshId in its location", async () => {
    const env = t.appEnv({ ENTRA_MCP_TOOLS: "analyst", ENTRA_MCP_ALLOW_WRITES: "true" });
    await withChildServer(BIN, env, async (server) => {
      const started = await call(server, "refresh_dataset", {
        workspaceId: workspaces.sales.id,
        datasetId: datasets.salesModel.id,
        tables: ["Sales"],
      });
      expect(started.isError, textOf(started)).toBeFalsy();
      const location = String(dataOf(started)?.location);
      const prefix = `/groups/${workspaces.sales.id}/datasets/${datasets.salesModel.id}/refreshes/`;
      expect(location.startsWith(prefix)).toBe(true);
      const refreshId = location.slice(prefix.length);
      const args = { workspaceId: workspaces.sales.id, datasetId: datasets.salesModel.id, refreshId };
      const running = await call(server, "get_refresh_details", args);
      expect(dataOf(running)).toMatchObject({ status: "Unknown", objects: [{ table: "Sales" }] });
      const done = await call(server, "get_refresh_details", args);
      expect(dataOf(done)).toMatchObject({ status: "Completed" });
    });
    // An enhanced refresh sends no notifyOption (the service refuses it there).
    const posts = t.emulator.requests({ origin: "powerbi", method: "POST", path: "/refreshes" });
    expect(posts).toHaveLength(1);
  });

  it("admin, app-only: workspace users, capacities, gateways; the tenant's workspace IDs; the scanner in one call, HR included", async () => {
    await withChildServer(BIN, t.appEnv({ ENTRA_MCP_TOOLS: "admin" }), async (server) => {
      const users = await call(server, "list_workspace_users", { workspaceId: workspaces.sales.name });
      expect(
        valuesOf(users)
          .map((u) => u.principalType)
          .sort(),
      ).toEqual(["App", "User"]);
      const capacities = await call(server, "list_capacities");
      expect(valuesOf(capacities)).toEqual([
        expect.objectContaining({ displayName: P.capacities.f64.name, capacityUserAccessRight: "Assign" }),
      ]);
      const gateways = await call(server, "list_gateways");
      expect(valuesOf(gateways).map((g) => g.name)).toEqual([P.gateways.onPrem.name]);

      // Admin APIs see the whole tenant: HR's ID too, though the service principal is no member.
      const ids = valuesOf(await call(server, "list_modified_workspaces")).map((w) => w.id);
      expect(ids).toEqual(
        [workspaces.sales, workspaces.finance, workspaces.marketing, workspaces.hr].map((w) => w.id),
      );
      const scan = await call(server, "scan_workspaces", {
        workspaceIds: [workspaces.sales.id, workspaces.hr.id],
        datasetSchema: true,
      });
      expect(scan.isError, textOf(scan)).toBeFalsy();
      const scanned = (dataOf(scan)?.workspaces ?? []) as {
        name: string;
        datasets: { tables?: unknown[] }[];
      }[];
      expect(scanned.map((w) => w.name)).toEqual([workspaces.sales.name, workspaces.hr.name]);
      expect(scanned[0]?.datasets[0]?.tables).toHaveLength(3);
    });
    const scanner = pbiRequests().filter(
      (path) => path.includes("/admin/workspaces/") && !path.endsWith("/modified"),
    );
    expect(scanner[0]).toBe("/v1.0/myorg/admin/workspaces/getInfo?datasetSchema=true");
    expect(scanner.filter((path) => path.includes("/scanStatus/"))).toHaveLength(3);
    expect(scanner.at(-1)).toMatch(/^\/v1\.0\/myorg\/admin\/workspaces\/scanResult\/[0-9a-f-]{36}$/);
  });

  it("admin, app-only: a day of activity events through an empty slice to lastResultSet; capped by top, a cursor continues", async () => {
    const day = fullDay();
    const window = { start: `${day}T00:00:00Z`, end: `${day}T23:59:59Z` };
    await withChildServer(BIN, t.appEnv({ ENTRA_MCP_TOOLS: "admin" }), async (server) => {
      const all = await call(server, "list_activity_events", window);
      expect(all.isError, textOf(all)).toBeFalsy();
      const events = (dataOf(all)?.activityEventEntities ?? []) as { Activity: string }[];
      expect(events.map((e) => e.Activity)).toEqual([
        "ViewReport",
        "ViewReport",
        "ExportReport",
        "RefreshDataset",
        "ViewDashboard",
        "GetDatasets",
      ]);
      const calls = pbiRequests().filter((path) => path.includes("/activityevents"));
      expect(calls[0]).toBe(
        `/v1.0/myorg/admin/activityevents?startDateTime=%27${day}T00%3A00%3A00.000Z%27&endDateTime=%27${day}T23%3A59%3A59.000Z%27`,
      );
      // Four 6-hour slices (one of them empty), the token sent back quoted and encoded once.
      expect(calls).toHaveLength(4);
      for (const path of calls.slice(1))
        expect(path).toMatch(/\?continuationToken=%27%2BRID%3A(~|%7E)[A-Za-z0-9%]+%27$/);

      const views = await call(server, "list_activity_events", { ...window, activity: "ViewReport", top: 1 });
      const first = dataOf(views) as { activityEventEntities: { UserId: string }[]; nextCursor?: string };
      expect(first.activityEventEntities).toHaveLength(1);
      expect(typeof first.nextCursor).toBe("string");
      const rest = await call(server, "list_activity_events", { ...window, cursor: first.nextCursor });
      const second = dataOf(rest) as { activityEventEntities: { Activity: string }[] };
      expect(second.activityEventEntities.map((e) => e.Activity)).toEqual(["ViewReport"]);

      const before = pbiRequests().length;
      const twoDays = await call(server, "list_activity_events", {
        start: `${day}T12:00:00Z`,
        end: `${day.slice(0, 8)}01T00:00:00Z`,
      });
      expect(twoDays.isError).toBe(true);
      expect(textOf(twoDays)).toContain("same UTC day");
      expect(pbiRequests()).toHaveLength(before);
    });
  });

  it("delegated: installed apps; the admin tools refuse a user who is no Fabric admin, naming Tenant.Read.All", async () => {
    await withChildServer(BIN, t.delegatedEnv({ ENTRA_MCP_TOOLS: "analyst,admin" }), async (server) => {
      const apps = await call(server, "list_apps");
      expect(apps.isError, textOf(apps)).toBeFalsy();
      expect(valuesOf(apps).map((a) => a.name)).toEqual([P.apps.salesApp.name]);
      const day = fullDay();
      const events = await call(server, "list_activity_events", {
        start: `${day}T00:00:00Z`,
        end: `${day}T01:00:00Z`,
      });
      expect(events.isError).toBe(true);
      expect(textOf(events)).toContain("PowerBINotAuthorizedException");
      expect(textOf(events)).toContain("This call takes delegated Tenant.Read.All or Tenant.ReadWrite.All");
    });
  });
});
