/**
 * Power BI admin APIs: the scanner (getInfo → scanStatus → scanResult) and the activity log
 * (admin/activityevents with quoted same-day dates, continuation tokens and lastResultSet).
 * Service principals need the read-only admin API tenant setting; users must be Fabric admins
 * with a Tenant.* scope.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DefaultTenant, type Emulator, SAMPLE, startEmulator } from "../src/index.js";
import { SERVICE_PRINCIPAL_ADMIN_API_ACCESS } from "../src/workspaces/tenant-settings.js";
import { appToken, call, userToken } from "./support/tokens.js";

const POWER_BI = "https://analysis.windows.net/powerbi/api";
const { workspaces: W, datasets: D } = SAMPLE;

/**
 * Two days ago (UTC) as 'YYYY-MM-DD': the seed logs the two whole days before it ran (and today so
 * far), so this day is complete even when the run crosses midnight after the seed.
 */
const fullDay = () => new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);

describe("Power BI admin APIs", () => {
  let emulator: Emulator<DefaultTenant>;
  let app: string;
  const admin = (path: string) => `${emulator.urls.powerbi}/v1.0/myorg/admin${path}`;

  beforeAll(async () => {
    emulator = await startEmulator();
    app = await appToken(emulator, `${POWER_BI}/.default`);
  });
  afterAll(() => emulator.stop());

  describe("scanner", () => {
    it("getInfo → 202 ScanRequest (no Location); scanStatus steps NotStarted → Running → Succeeded; scanResult has what was asked", async () => {
      const started = await call(
        admin("/workspaces/getInfo?datasetSchema=true&datasourceDetails=true&getArtifactUsers=true"),
        app,
        {
          method: "POST",
          body: { workspaces: [W.sales.id, W.hr.id] },
        },
      );
      expect(started.status).toBe(202);
      expect(started.headers.get("location")).toBeNull();
      expect(started.body).toEqual({
        id: expect.any(String),
        createdDateTime: expect.any(String),
        status: "NotStarted",
      });
      const id = started.body.id as string;

      const early = await call(admin(`/workspaces/scanResult/${id}`), app);
      expect(early.status).toBe(400);
      const statuses: string[] = [];
      for (let i = 0; i < 3; i += 1)
        statuses.push((await call(admin(`/workspaces/scanStatus/${id}`), app)).body.status);
      expect(statuses).toEqual(["NotStarted", "Running", "Succeeded"]);

      const result = await call(admin(`/workspaces/scanResult/${id}`), app);
      expect(result.status).toBe(200);
      // Admin APIs see every workspace: HR too, where the service principal is no member.
      expect(result.body.workspaces.map((w: { name: string }) => w.name)).toEqual([W.sales.name, W.hr.name]);
      const sales = result.body.workspaces[0];
      const model = sales.datasets.find((d: { id: string }) => d.id === D.salesModel.id);
      expect(model.tables.map((t: { name: string }) => t.name)).toEqual(["Sales", "Product", "Customer"]);
      expect(model.tables[0].columns[4]).toEqual({ name: "Amount", dataType: "Double", isHidden: false });
      expect(model.datasourceUsages).toHaveLength(1);
      expect(sales.users.map((u: { principalType: string }) => u.principalType).sort()).toEqual([
        "App",
        "User",
      ]);
      expect(sales.dashboards[0].tiles).toHaveLength(2);
      expect(result.body.datasourceInstances[0]).toMatchObject({ datasourceType: "Sql" });
    });

    it("modified workspaces: every workspace's id (a bare array); modifiedSince must be 30 minutes to 30 days old", async () => {
      const all = await call(admin("/workspaces/modified?excludePersonalWorkspaces=true"), app);
      expect(all.status).toBe(200);
      expect(all.body).toEqual([W.sales, W.finance, W.marketing, W.hr].map((w) => ({ id: w.id })));
      const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
      expect((await call(admin(`/workspaces/modified?modifiedSince=${hourAgo}`), app)).body).toHaveLength(4);
      const recent = new Date(Date.now() - 60_000).toISOString();
      expect((await call(admin(`/workspaces/modified?modifiedSince=${recent}`), app)).status).toBe(400);
      const old = new Date(Date.now() - 40 * 86_400_000).toISOString();
      expect((await call(admin(`/workspaces/modified?modifiedSince=${old}`), app)).status).toBe(400);
    });

    it("refuses bad requests, unknown scans, non-admin users, and service principals while the tenant setting is off", async () => {
      const empty = await call(admin("/workspaces/getInfo"), app, {
        method: "POST",
        body: { workspaces: [] },
      });
      expect(empty.status).toBe(400);
      const many = Array.from({ length: 101 }, () => W.sales.id);
      expect(
        (await call(admin("/workspaces/getInfo"), app, { method: "POST", body: { workspaces: many } }))
          .status,
      ).toBe(400);
      expect(
        (
          await call(admin("/workspaces/getInfo?lineage=yes"), app, {
            method: "POST",
            body: { workspaces: [W.sales.id] },
          })
        ).status,
      ).toBe(400);
      expect(
        (await call(admin("/workspaces/scanStatus/00000000-0000-0000-0000-000000000000"), app)).status,
      ).toBe(404);

      // An admin consents Tenant.Read.All for the app's users (the default seed does not).
      emulator.directory.grantDelegated(emulator.tenant.clientId, "00000009-0000-0000-c000-000000000000", [
        "Tenant.Read.All",
      ]);
      const tenantUser = await userToken(emulator, [`${POWER_BI}/Tenant.Read.All`]);
      const notAdmin = await call(
        admin("/workspaces/scanStatus/00000000-0000-0000-0000-000000000000"),
        tenantUser,
      );
      expect(notAdmin.status).toBe(401);
      emulator.tenantSettings.addFabricAdmin(emulator.tenant.user.oid);
      expect(
        (await call(admin("/workspaces/scanStatus/00000000-0000-0000-0000-000000000000"), tenantUser)).status,
      ).toBe(404);

      emulator.tenantSettings.set(SERVICE_PRINCIPAL_ADMIN_API_ACCESS, false);
      try {
        const off = await call(admin("/workspaces/getInfo"), app, {
          method: "POST",
          body: { workspaces: [W.sales.id] },
        });
        expect(off.status).toBe(401);
        expect(off.body.error.code).toBe("PowerBINotAuthorizedException");
      } finally {
        emulator.tenantSettings.set(SERVICE_PRINCIPAL_ADMIN_API_ACCESS, true);
      }
    });
  });

  describe("activity events", () => {
    const window = (from: string, to: string) =>
      admin(`/activityevents?startDateTime='${fullDay()}T${from}'&endDateTime='${fullDay()}T${to}'`);

    it("serves the day in slices: an empty slice is not the last one; every page has a URL-encoded token; lastResultSet ends it", async () => {
      const pages: { count: number; last: boolean }[] = [];
      const events: { Activity: string }[] = [];
      let page = await call(window("00:00:00.000Z", "23:59:59.999Z"), app);
      for (let guard = 0; guard < 10; guard += 1) {
        expect(page.status).toBe(200);
        pages.push({ count: page.body.activityEventEntities.length, last: page.body.lastResultSet });
        events.push(...page.body.activityEventEntities);
        const token = page.body.continuationToken as string;
        // The token arrives URL-encoded ("+RID:..." as %2BRID%3A...) and goes back as it came.
        expect(token).toMatch(/^%2BRID%3A/);
        expect(page.body.continuationUri).toBe(`${admin("/activityevents")}?continuationToken='${token}'`);
        if (page.body.lastResultSet) break;
        page = await call(admin(`/activityevents?continuationToken='${token}'`), app);
      }
      expect(pages).toEqual([
        { count: 3, last: false },
        { count: 0, last: false },
        { count: 2, last: false },
        { count: 1, last: true },
      ]);
      expect(events.map((e) => e.Activity)).toEqual([
        "ViewReport",
        "ViewReport",
        "ExportReport",
        "RefreshDataset",
        "ViewDashboard",
        "GetDatasets",
      ]);
    });

    it("$filter on Activity and UserId with eq/and; the continuation keeps the filter", async () => {
      const filter = encodeURIComponent("Activity eq 'ViewReport' and UserId eq 'adele@contoso.test'");
      const first = await call(`${window("00:00:00Z", "05:59:59Z")}&$filter=${filter}`, app);
      expect(first.body.activityEventEntities.map((e: { UserId: string }) => e.UserId)).toEqual([
        "adele@contoso.test",
      ]);
      const bad = await call(
        `${window("00:00:00Z", "05:59:59Z")}&$filter=${encodeURIComponent("Activity ne 'x'")}`,
        app,
      );
      expect(bad.status).toBe(400);
      expect(bad.body.error.details[0].target).toBe("$filter");
    });

    it("refuses unquoted dates, two UTC days, both a token and dates, a double-encoded token, and non-admin users", async () => {
      const day = fullDay();
      const unquoted = await call(
        admin(`/activityevents?startDateTime=${day}T00:00:00Z&endDateTime=${day}T01:00:00Z`),
        app,
      );
      expect(unquoted.status).toBe(400);
      expect(unquoted.body.error.details[0]).toMatchObject({ target: "startDateTime" });
      expect(unquoted.body.error.details[0].message).toContain("single quotes");
      const today = new Date().toISOString().slice(0, 10);
      const twoDays = await call(
        admin(`/activityevents?startDateTime='${day}T12:00:00Z'&endDateTime='${today}T00:30:00Z'`),
        app,
      );
      expect(twoDays.status).toBe(400);
      expect(twoDays.body.error.details[0].message).toContain("same UTC day");
      expect((await call(admin("/activityevents"), app)).status).toBe(400);

      const first = await call(window("00:00:00Z", "01:00:00Z"), app);
      const token = first.body.continuationToken as string;
      const both = await call(`${window("00:00:00Z", "01:00:00Z")}&continuationToken='${token}'`, app);
      expect(both.status).toBe(400);
      const doubled = await call(
        admin(`/activityevents?continuationToken='${encodeURIComponent(token)}'`),
        app,
      );
      expect(doubled.status).toBe(400);
      expect(doubled.body.error.details[0].target).toBe("continuationToken");

      const plainUser = await userToken(emulator, [`${POWER_BI}/Dataset.Read.All`]);
      expect((await call(window("00:00:00Z", "01:00:00Z"), plainUser)).status).toBe(401);
    });
  });
});
