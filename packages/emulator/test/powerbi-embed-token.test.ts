import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type DefaultTenant, type Emulator, SAMPLE, startEmulator } from "../src/index.js";
import { appToken, call, userToken } from "./support/tokens.js";

const POWER_BI = "https://analysis.windows.net/powerbi/api";
const { workspaces: W, datasets: D, reports: R } = SAMPLE;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("Power BI embed tokens (GenerateToken v2), reports' embed URLs and the embed page's token check", () => {
  let emulator: Emulator<DefaultTenant>;
  let app: string;
  const pbi = (path: string) => `${emulator.urls.powerbi}/v1.0/myorg${path}`;
  const generate = (body: unknown, token = app) =>
    call(pbi("/GenerateToken"), token, { method: "POST", body });
  const session = (token: unknown, reportId: string) =>
    call(`${emulator.urls.powerbiapp}/reportEmbed/session`, undefined, {
      method: "POST",
      body: { token, reportId },
    });
  const overview = { reports: [{ id: R.salesOverview.id }], datasets: [{ id: D.salesModel.id }] };
  const regional = { reports: [{ id: R.regionalSales.id }], datasets: [{ id: D.regionalSales.id }] };
  const megan = (roles: string[] = ["Region"]) => ({
    username: "megan@contoso.test",
    roles,
    datasets: [D.regionalSales.id],
  });

  beforeAll(async () => {
    emulator = await startEmulator();
    app = await appToken(emulator, `${POWER_BI}/.default`);
  });
  afterAll(() => emulator.stop());
  afterEach(() => {
    emulator.setEmbedTokenLifetime(3600);
    emulator.setClockSkew(0);
  });

  it("issues an opaque token with tokenId and an ISO expiration capped by the caller's access token", async () => {
    const before = Date.now();
    const res = await generate(overview);
    expect(res.status, res.text).toBe(200);
    expect(res.body.tokenId).toMatch(GUID);
    expect(res.body.expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const expires = Date.parse(res.body.expiration);
    expect(expires).toBeGreaterThan(before + 3000_000);
    const accessExp = JSON.parse(Buffer.from(app.split(".")[1] ?? "", "base64url").toString()).exp * 1000;
    expect(expires).toBeLessThanOrEqual(accessExp);
    // Not a JWT: nothing in it can be decoded into claims.
    expect(res.body.token.startsWith("H4sI")).toBe(true);
    expect(res.body.token.split(".")).toHaveLength(1);
    expect(res.body.token).not.toContain(R.salesOverview.id);
  });

  it("every item must exist: an unknown report or dataset is 404 PowerBIEntityNotFound", async () => {
    const missing = "00000000-0000-0000-0000-000000000001";
    const report = await generate({ ...overview, reports: [{ id: missing }] });
    expect(report.status).toBe(404);
    expect(report.body.error.code).toBe("PowerBIEntityNotFound");
    const dataset = await generate({ ...overview, datasets: [{ id: D.salesModel.id }, { id: missing }] });
    expect(dataset.status).toBe(404);
    const notGuid = await generate({ reports: [{ id: "sales" }] });
    expect(notGuid.status).toBe(400);
  });

  it("the service principal must be at least Member of the items' workspace", async () => {
    // Marketing: not a member at all; Finance: only Contributor.
    for (const [report, dataset] of [
      [R.campaignPerformance.id, D.campaigns.id],
      [R.profitAndLoss.id, D.financeModel.id],
    ]) {
      const res = await generate({ reports: [{ id: report }], datasets: [{ id: dataset }] });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("PowerBINotAuthorizedException");
    }
  });

  it("a report's token must cover its dataset", async () => {
    const res = await generate({ reports: [{ id: R.salesOverview.id }] });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "InvalidRequest" });
    expect(res.body.error.message).toContain(D.salesModel.id);
  });

  it("an RLS dataset needs an effective identity, with roles, whose roles exist; a non-RLS one takes none", async () => {
    const none = await generate(regional);
    expect(none.status).toBe(400);
    expect(none.body.error).toEqual({
      code: "InvalidRequest",
      message: `Creating embed token for accessing dataset ${D.regionalSales.id} requires effective identity to be provided`,
    });
    const noRoles = await generate({ ...regional, identities: [megan([])] });
    expect(noRoles.body.error.message).toBe(
      `Creating embed token for accessing dataset ${D.regionalSales.id} requires roles to be included in provided effective identity`,
    );
    const unknownRole = await generate({ ...regional, identities: [megan(["Region", "Auditors"])] });
    expect(unknownRole.status).toBe(400);
    expect(unknownRole.body.error.message).toContain("'Auditors'");
    const twice = await generate({ ...regional, identities: [megan(), megan(["Executive"])] });
    expect(twice.body.error.message).toBe("Creating embed token with multiple identities is not supported");
    const onPlain = await generate({
      ...overview,
      identities: [{ username: "megan@contoso.test", roles: ["Region"], datasets: [D.salesModel.id] }],
    });
    expect(onPlain.status).toBe(400);
    expect(onPlain.body.error.message).toBe(
      `Creating embed token for accessing dataset ${D.salesModel.id} shouldn't have effective identity`,
    );
    const ok = await generate({ ...regional, identities: [megan()] });
    expect(ok.status, ok.text).toBe(200);
  });

  it("datasets report their RLS flags; reports carry embedUrl and webUrl on the emulated app.powerbi.com, and pages", async () => {
    const rls = await call(pbi(`/groups/${W.sales.id}/datasets/${D.regionalSales.id}`), app);
    expect(rls.body).toMatchObject({
      isEffectiveIdentityRequired: true,
      isEffectiveIdentityRolesRequired: true,
    });
    const plain = await call(pbi(`/groups/${W.sales.id}/datasets/${D.salesModel.id}`), app);
    expect(plain.body).toMatchObject({
      isEffectiveIdentityRequired: false,
      isEffectiveIdentityRolesRequired: false,
    });

    expect(emulator.powerBiAppUrl).toBe(`https://app.powerbi.com:${new URL(emulator.urls.powerbiapp).port}`);
    const report = await call(pbi(`/groups/${W.sales.id}/reports/${R.regionalSales.id}`), app);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({
      id: R.regionalSales.id,
      datasetId: D.regionalSales.id,
      embedUrl: `${emulator.powerBiAppUrl}/reportEmbed?reportId=${R.regionalSales.id}&groupId=${W.sales.id}&w=2`,
      webUrl: `${emulator.powerBiAppUrl}/groups/${W.sales.id}/reports/${R.regionalSales.id}`,
    });
    const pages = await call(pbi(`/groups/${W.sales.id}/reports/${R.salesOverview.id}/pages`), app);
    expect(pages.body.value).toEqual([
      { name: "ReportSection1", displayName: "Overview", order: 0 },
      { name: "ReportSection2", displayName: "By Product", order: 1 },
    ]);
    const page = await call(
      pbi(`/groups/${W.sales.id}/reports/${R.salesOverview.id}/pages/ReportSection2`),
      app,
    );
    expect(page.body).toMatchObject({ displayName: "By Product", order: 1 });
    const denied = await call(pbi(`/groups/${W.marketing.id}/reports/${R.campaignPerformance.id}`), app);
    expect(denied.status).toBe(401);
    const web = await fetch(`${emulator.urls.powerbiapp}/groups/${W.sales.id}/reports/${R.regionalSales.id}`);
    expect(await web.text()).toContain("Regional Sales");
  });

  it("the embed page serves without framing restrictions and checks tokens: validity, coverage, expiry", async () => {
    const html = await fetch(`${emulator.urls.powerbiapp}/reportEmbed?reportId=${R.regionalSales.id}`);
    expect(html.status).toBe(200);
    expect(html.headers.get("content-type")).toContain("text/html");
    expect(html.headers.get("x-frame-options")).toBeNull();
    expect(html.headers.get("content-security-policy") ?? "").not.toContain("frame-ancestors");
    expect(await html.text()).toContain('<script src="/reportEmbed/embed.js">');

    const issued = await generate({ ...regional, identities: [megan()] });
    const good = await session(issued.body.token, R.regionalSales.id);
    expect(good.status, good.text).toBe(200);
    expect(good.body.report).toMatchObject({ id: R.regionalSales.id, name: "Regional Sales" });
    expect(good.body.identity).toEqual({ username: "megan@contoso.test", roles: ["Region"] });
    // The report's visual goes through RLS: Megan's region is East.
    const region = good.body.visual.columns.indexOf("Region");
    expect(good.body.visual.rows.map((row: unknown[]) => row[region])).toEqual(["East", "East", "East"]);

    const other = await session(issued.body.token, R.salesOverview.id);
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({ message: "LoadReportFailed", detailedMessage: "Get report failed" });
    const forged = await session(`${issued.body.token.slice(0, -4)}AAAA`, R.regionalSales.id);
    expect(forged.body).toMatchObject({ detailedMessage: "Fail to initialize - Couldn't resolve cluster" });

    emulator.setEmbedTokenLifetime(60);
    const short = await generate({ ...regional, identities: [megan()] });
    const lifetime = Date.parse(short.body.expiration) - Date.now();
    expect(lifetime).toBeGreaterThan(55_000);
    expect(lifetime).toBeLessThanOrEqual(60_000);
    expect((await session(short.body.token, R.regionalSales.id)).status).toBe(200);
    emulator.setClockSkew(61);
    const late = await session(short.body.token, R.regionalSales.id);
    expect(late.status).toBe(403);
    expect(late.body).toEqual({
      message: "TokenExpired",
      detailedMessage: "Access token has expired, resubmit with a new access token",
      errorCode: "403",
      level: 6,
    });
  });

  it("the admin API sets the lifetime of the next tokens; lifetimeInMinutes shortens one", async () => {
    const admin = `${emulator.urls.powerbi}/_emulator/powerbi/embed-token-lifetime`;
    expect((await call(admin, undefined, { method: "PUT", body: { seconds: 0 } })).status).toBe(400);
    const set = await call(admin, undefined, { method: "PUT", body: { seconds: 120 } });
    expect(set.body).toEqual({ seconds: 120 });
    const viaAdmin = await generate(overview);
    expect(Date.parse(viaAdmin.body.expiration) - Date.now()).toBeLessThanOrEqual(120_000);
    expect(Date.parse(viaAdmin.body.expiration) - Date.now()).toBeGreaterThan(100_000);
    emulator.setEmbedTokenLifetime(3600);
    const oneMinute = await generate({ ...overview, lifetimeInMinutes: 1 });
    expect(Date.parse(oneMinute.body.expiration) - Date.now()).toBeLessThanOrEqual(60_000);
  });

  it("a delegated caller needs a report scope when the token covers reports", async () => {
    const datasetsOnly = await userToken(emulator, [`${POWER_BI}/Dataset.Read.All`]);
    expect((await generate(overview, datasetsOnly)).status).toBe(401);
    const both = await userToken(emulator, [`${POWER_BI}/Dataset.Read.All`, `${POWER_BI}/Report.Read.All`]);
    expect((await generate(overview, both)).status).toBe(200);
  });
});
