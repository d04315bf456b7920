/**
 * The Power BI catalog routes: dashboards and tiles, dataset data sources / refresh schedule /
 * parameters, dataflows, workspace users, capacities, gateways and apps — each with its scopes
 * and visibility rules, in the reference's shapes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DefaultTenant, type Emulator, POWER_BI_SAMPLE, SAMPLE, startEmulator } from "../src/index.js";
import { appToken, call, userToken } from "./support/tokens.js";

const POWER_BI = "https://analysis.windows.net/powerbi/api";
const { workspaces: W, datasets: D } = SAMPLE;
const P = POWER_BI_SAMPLE;

describe("Power BI catalog routes", () => {
  let emulator: Emulator<DefaultTenant>;
  let app: string;
  let user: string;
  let datasetOnlyUser: string;
  const pbi = (path: string) => `${emulator.urls.powerbi}/v1.0/myorg${path}`;

  beforeAll(async () => {
    emulator = await startEmulator();
    app = await appToken(emulator, `${POWER_BI}/.default`);
    user = await userToken(emulator, [`${POWER_BI}/.default`]);
    datasetOnlyUser = await userToken(emulator, [`${POWER_BI}/Dataset.Read.All`]);
  });
  afterAll(() => emulator.stop());

  it("dashboards and their tiles in a workspace; Dashboard.Read.All needed for users; 404 for an unknown dashboard", async () => {
    const list = await call(pbi(`/groups/${W.sales.id}/dashboards`), app);
    expect(list.status).toBe(200);
    expect(list.body.value).toEqual([
      expect.objectContaining({
        id: P.dashboards.salesPulse.id,
        displayName: "Sales Pulse",
        isReadOnly: false,
      }),
    ]);
    const tiles = await call(
      pbi(`/groups/${W.sales.id}/dashboards/${P.dashboards.salesPulse.id}/tiles`),
      app,
    );
    expect(tiles.body.value.map((t: { title: string }) => t.title)).toEqual([
      "Revenue by Month",
      "Top Products",
    ]);
    expect(tiles.body.value[0]).toMatchObject({
      reportId: SAMPLE.reports.salesOverview.id,
      rowSpan: 1,
      colSpan: 2,
    });
    const missing = await call(
      pbi(`/groups/${W.sales.id}/dashboards/${P.dashboards.financeSummary.id}/tiles`),
      app,
    );
    expect(missing.status).toBe(404);
    expect((await call(pbi(`/groups/${W.sales.id}/dashboards`), datasetOnlyUser)).status).toBe(401);
    expect((await call(pbi(`/groups/${W.sales.id}/dashboards`), user)).status).toBe(200);
  });

  it("dataset data sources, refresh schedule and parameters; a model that is not refreshable has no schedule", async () => {
    const base = pbi(`/groups/${W.sales.id}/datasets/${D.salesModel.id}`);
    const sources = await call(`${base}/datasources`, app);
    expect(sources.body.value[0]).toMatchObject({
      datasourceType: "Sql",
      connectionDetails: { server: "contoso-sql.database.windows.net", database: "SalesDW" },
    });
    const schedule = await call(`${base}/refreshSchedule`, app);
    expect(schedule.body).toMatchObject({
      enabled: true,
      times: ["06:00", "18:00"],
      localTimeZoneId: "Pacific Standard Time",
    });
    const parameters = await call(`${base}/parameters`, datasetOnlyUser);
    expect(parameters.body.value.map((p: { name: string }) => p.name)).toEqual(["ServerName", "Region"]);
    const campaigns = await call(
      pbi(`/groups/${W.marketing.id}/datasets/${D.campaigns.id}/refreshSchedule`),
      user,
    );
    expect(campaigns.status).toBe(400);
    expect(campaigns.body.error.code).toBe("InvalidRequest");
  });

  it("dataflows need Dataflow.Read.All (users) and workspace membership", async () => {
    const flows = await call(pbi(`/groups/${W.sales.id}/dataflows`), app);
    expect(flows.body.value).toEqual([
      expect.objectContaining({ objectId: P.dataflows.salesStaging.id, name: "Sales Staging" }),
    ]);
    expect((await call(pbi(`/groups/${W.sales.id}/dataflows`), datasetOnlyUser)).status).toBe(401);
    expect((await call(pbi(`/groups/${W.hr.id}/dataflows`), app)).status).toBe(401);
  });

  it("workspace users honour $top and $skip", async () => {
    const all = await call(pbi(`/groups/${W.sales.id}/users`), app);
    expect(all.body.value.length).toBe(2);
    const second = await call(pbi(`/groups/${W.sales.id}/users?$top=1&$skip=1`), app);
    expect(second.body.value).toEqual([all.body.value[1]]);
    expect((await call(pbi(`/groups/${W.sales.id}/users?$top=x`), app)).status).toBe(400);
  });

  it("capacities, gateways and apps show only what the caller may see; apps refuse service principals", async () => {
    const spCapacities = await call(pbi("/capacities"), app);
    expect(spCapacities.body.value).toEqual([
      expect.objectContaining({ id: P.capacities.f64.id, sku: "F64", capacityUserAccessRight: "Assign" }),
    ]);
    const userCapacities = await call(pbi("/capacities"), user);
    expect(userCapacities.body.value[0].capacityUserAccessRight).toBe("Admin");
    expect((await call(pbi("/capacities"), datasetOnlyUser)).status).toBe(401);

    const gateways = await call(pbi("/gateways"), app);
    expect(gateways.body.value.map((g: { name: string }) => g.name)).toEqual([P.gateways.onPrem.name]);
    expect(gateways.body.value[0]).toMatchObject({
      type: "Resource",
      gatewayStatus: "Live",
      publicKey: { exponent: "AQAB" },
    });

    const apps = await call(pbi("/apps"), user);
    expect(apps.body.value).toEqual([expect.objectContaining({ id: P.apps.salesApp.id, name: "Sales App" })]);
    const spApps = await call(pbi("/apps"), app);
    expect(spApps.status).toBe(401);
    expect(spApps.body.error.code).toBe("PowerBINotAuthorizedException");
  });
});
