import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DefaultTenant, type Emulator, SAMPLE, startEmulator } from "../src/index.js";
import { appToken, call, userToken } from "./support/tokens.js";

const POWER_BI = "https://analysis.windows.net/powerbi/api";
const { workspaces: W, datasets: D } = SAMPLE;

describe("Power BI REST on the powerbi origin", () => {
  let emulator: Emulator<DefaultTenant>;
  let app: string;
  let user: string;
  let datasetOnlyUser: string;
  const pbi = (path: string) => `${emulator.urls.powerbi}/v1.0/myorg${path}`;
  const dax = (query: string, extra: Record<string, unknown> = {}) => ({
    method: "POST",
    body: { queries: [{ query }], serializerSettings: { includeNulls: false }, ...extra },
  });

  beforeAll(async () => {
    emulator = await startEmulator();
    app = await appToken(emulator, `${POWER_BI}/.default`);
    user = await userToken(emulator, [`${POWER_BI}/Workspace.Read.All`, `${POWER_BI}/Dataset.Read.All`]);
    datasetOnlyUser = await userToken(emulator, [`${POWER_BI}/Dataset.Read.All`]);
  });
  afterAll(() => emulator.stop());

  it("a service principal sees exactly the workspaces it was added to; $filter, $top and $skip apply", async () => {
    const groups = await call(pbi("/groups"), app);
    expect(groups.status).toBe(200);
    expect(groups.body["@odata.context"]).toBe(`${emulator.urls.powerbi}/v1.0/myorg/$metadata#groups`);
    expect(groups.body["@odata.count"]).toBe(2);
    expect(groups.body.value.map((g: { name: string }) => g.name)).toEqual([W.sales.name, W.finance.name]);
    expect(groups.body.value[0]).toMatchObject({
      id: W.sales.id,
      isReadOnly: false,
      isOnDedicatedCapacity: true,
    });

    const finance = await call(pbi("/groups?$filter=name eq 'Finance'"), app);
    expect(finance.body.value.map((g: { id: string }) => g.id)).toEqual([W.finance.id]);
    const second = await call(pbi("/groups?$top=1&$skip=1"), app);
    expect(second.body.value.map((g: { name: string }) => g.name)).toEqual([W.finance.name]);
    const bad = await call(pbi("/groups?$filter=capacityId eq 'x'"), app);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: "BadRequest", details: [{ target: "$filter" }] });
  });

  it("lists datasets and reports of a workspace in the REST reference's shape", async () => {
    const datasets = await call(pbi(`/groups/${W.sales.id}/datasets`), app);
    // Sales Model, and Regional Sales (the RLS sample; see powerbi-embed-token and powerbi-rls tests).
    expect(datasets.body.value).toHaveLength(2);
    expect(datasets.body.value[0]).toMatchObject({
      id: D.salesModel.id,
      name: "Sales Model",
      isRefreshable: true,
      configuredBy: "adele@contoso.test",
      targetStorageMode: "Abf",
      webUrl: `https://app.powerbi.com/groups/${W.sales.id}/datasets/${D.salesModel.id}`,
    });
    const reports = await call(pbi(`/groups/${W.sales.id}/reports`), app);
    expect(reports.body.value[0]).toMatchObject({
      id: SAMPLE.reports.salesOverview.id,
      name: "Sales Overview",
      reportType: "PowerBIReport",
      datasetId: D.salesModel.id,
    });
  });

  it("a workspace the service principal is not in is 401 PowerBINotAuthorizedException; an unknown one 404", async () => {
    const denied = await call(pbi(`/groups/${W.marketing.id}/datasets`), app);
    expect(denied.status).toBe(401);
    expect(denied.body).toEqual({
      error: {
        code: "PowerBINotAuthorizedException",
        "pbi.error": {
          code: "PowerBINotAuthorizedException",
          parameters: {},
          details: [],
          exceptionCulprit: 1,
        },
      },
    });
    expect(denied.headers.get("requestid")).toMatch(/^[0-9a-f-]{36}$/);
    const missing = await call(pbi("/groups/00000000-0000-0000-0000-000000000000/datasets"), app);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("PowerBIEntityNotFound");
  });

  describe("executeQueries", () => {
    const execute = (query: string, extra?: Record<string, unknown>) =>
      call(pbi(`/groups/${W.sales.id}/datasets/${D.salesModel.id}/executeQueries`), app, dax(query, extra));

    it("EVALUATE 'Table' returns every row keyed Table[Column]", async () => {
      const res = await execute("EVALUATE 'Product'");
      expect(res.status).toBe(200);
      const rows = res.body.results[0].tables[0].rows;
      expect(rows).toHaveLength(5);
      expect(rows[0]).toEqual({
        "Product[ProductKey]": 1,
        "Product[Product]": "Trail Shoe",
        "Product[Category]": "Footwear",
        "Product[Price]": 29.99,
      });
    });

    it("EVALUATE TOPN(n, 'Table', 'Table'[Column]) takes the top n, descending by default", async () => {
      const res = await execute("EVALUATE TOPN(3, 'Sales', 'Sales'[Amount])");
      const amounts = res.body.results[0].tables[0].rows.map(
        (r: Record<string, number>) => r["Sales[Amount]"],
      );
      expect(amounts).toEqual([1799, 899.5, 698]);
      const ascending = await execute("evaluate topn(2, Sales, Sales[Amount], ASC)");
      expect(
        ascending.body.results[0].tables[0].rows.map((r: Record<string, number>) => r["Sales[Amount]"]),
      ).toEqual([24.95, 45]);
      const plain = await execute("EVALUATE TOPN(2, 'Customer')");
      expect(plain.body.results[0].tables[0].rows).toHaveLength(2);
    });

    it("nulls are omitted unless serializerSettings.includeNulls is true", async () => {
      const omitted = await execute("EVALUATE 'Customer'");
      const tailspin = omitted.body.results[0].tables[0].rows[2];
      expect(tailspin["Customer[Customer]"]).toBe("Tailspin Toys");
      expect(tailspin).not.toHaveProperty("Customer[Segment]");
      const included = await execute("EVALUATE 'Customer'", { serializerSettings: { includeNulls: true } });
      expect(included.body.results[0].tables[0].rows[2]["Customer[Segment]"]).toBeNull();
    });

    it("DAX the emulator cannot run fails with DatasetExecuteQueriesError and Analysis Services details", async () => {
      const res = await execute("EVALUATE SUMMARIZECOLUMNS('Product'[Category])");
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("DatasetExecuteQueriesError");
      const pbiError = res.body.error["pbi.error"];
      expect(pbiError.code).toBe("DatasetExecuteQueriesError");
      expect(pbiError.details.map((d: { code: string }) => d.code)).toEqual([
        "DetailsMessage",
        "AnalysisServicesErrorCode",
      ]);
      expect(pbiError.details[0].detail).toEqual({
        type: 1,
        value:
          "Query (1, 10) Failed to resolve name 'SUMMARIZECOLUMNS'. It is not a valid table, variable, or function name.",
      });
      const noTable = await execute("EVALUATE 'Orders'");
      expect(noTable.body.error["pbi.error"].details[0].detail.value).toBe(
        "Query (1, 10) Cannot find table 'Orders'.",
      );
      const two = await call(pbi(`/groups/${W.sales.id}/datasets/${D.salesModel.id}/executeQueries`), app, {
        method: "POST",
        body: { queries: [{ query: "EVALUATE 'Sales'" }, { query: "EVALUATE 'Product'" }] },
      });
      expect(two.status).toBe(400);
      expect(two.body.error.code).toBe("InvalidRequest");
    });
  });

  describe("refreshes", () => {
    it("POST answers 202 with RequestId (no Location: standard refresh); the history shows it in progress (Unknown), then Completed", async () => {
      const base = pbi(`/groups/${W.sales.id}/datasets/${D.salesModel.id}/refreshes`);
      const started = await call(base, app, { method: "POST", body: { notifyOption: "NoNotification" } });
      expect(started.status).toBe(202);
      const requestId = started.headers.get("requestid");
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      // Location and x-ms-request-id come only with enhanced refresh (powerbi-refresh.test.ts).
      expect(started.headers.get("location")).toBeNull();

      const first = await call(`${base}?$top=10`, app);
      expect(first.body.value).toHaveLength(3);
      expect(first.body.value[0]).toMatchObject({ requestId, refreshType: "ViaApi", status: "Unknown" });
      expect(first.body.value[0]).not.toHaveProperty("endTime");
      expect(first.body.value.slice(1).map((r: { status: string }) => r.status)).toEqual([
        "Failed",
        "Completed",
      ]);
      const second = await call(base, app);
      expect(second.body.value[0]).toMatchObject({
        requestId,
        status: "Completed",
        endTime: expect.any(String),
      });
      const details = await call(`${base}/${requestId}`, app);
      expect(details.status).toBe(200);
      expect(details.body).toMatchObject({ status: "Completed", extendedStatus: "Completed", type: "Full" });
    });

    it("service principals must use NoNotification; Viewers cannot refresh", async () => {
      const mail = await call(pbi(`/groups/${W.sales.id}/datasets/${D.salesModel.id}/refreshes`), app, {
        method: "POST",
        body: { notifyOption: "MailOnFailure" },
      });
      expect(mail.status).toBe(400);
      expect(mail.body.error).toEqual({
        code: "InvalidRequest",
        message: "Invalid NotifyOption value 'MailOnFailure' for app only owner requests",
      });
      const writer = await userToken(emulator, [`${POWER_BI}/Dataset.ReadWrite.All`]);
      const viewer = await call(
        pbi(`/groups/${W.finance.id}/datasets/${D.financeModel.id}/refreshes`),
        writer,
        {
          method: "POST",
          body: {},
        },
      );
      expect(viewer.status).toBe(401);
      expect(viewer.body.error.code).toBe("PowerBINotAuthorizedException");
    });
  });

  it("delegated: the user's workspaces; a token without Workspace.Read.All is refused", async () => {
    const groups = await call(pbi("/groups"), user);
    expect(groups.body.value.map((g: { name: string }) => g.name)).toEqual([
      W.sales.name,
      W.finance.name,
      W.marketing.name,
    ]);
    const campaigns = await call(
      pbi(`/groups/${W.marketing.id}/datasets/${D.campaigns.id}/executeQueries`),
      user,
      dax("EVALUATE 'Campaigns'"),
    );
    expect(campaigns.body.results[0].tables[0].rows).toHaveLength(2);
    const noScope = await call(pbi("/groups"), datasetOnlyUser);
    expect(noScope.status).toBe(401);
    expect(noScope.body.error.code).toBe("PowerBINotAuthorizedException");
  });

  it("token problems: expired → 403 TokenExpired, missing → 403, another audience → 401", async () => {
    emulator.setClockSkew(7200);
    try {
      const expired = await call(pbi("/groups"), app);
      expect(expired.status).toBe(403);
      expect(expired.body).toEqual({
        error: {
          code: "TokenExpired",
          message: "Access token has expired, resubmit with a new access token",
        },
      });
    } finally {
      emulator.setClockSkew(0);
    }
    const missing = await call(pbi("/groups"), undefined);
    expect(missing.status).toBe(403);
    expect(missing.text).toBe("");
    const graphToken = await appToken(emulator, "https://graph.microsoft.com/.default");
    expect((await call(pbi("/groups"), graphToken)).status).toBe(401);
  });

  it("an injected 429 carries Retry-After and is logged as a fault; the next call succeeds", async () => {
    emulator.inject({ origin: "powerbi", path: "/groups", status: 429, retryAfter: 2 });
    const limited = await call(pbi("/groups"), app);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    expect(limited.body.error.code).toBe("TooManyRequests");
    expect((await call(pbi("/groups"), app)).status).toBe(200);
    const log = emulator.requests({ origin: "powerbi", path: "/v1.0/myorg/groups" });
    expect(log.at(-2)).toMatchObject({ status: 429, fault: true, aud: POWER_BI });
    expect(log.at(-1)).toMatchObject({ status: 200, aud: POWER_BI });
  });
});
