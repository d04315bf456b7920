import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DefaultTenant, type Emulator, SAMPLE, startEmulator } from "../src/index.js";
import { appToken, call, userToken } from "./support/tokens.js";

const FABRIC = "https://api.fabric.microsoft.com";
const { workspaces: W, fabricItems: F } = SAMPLE;

describe("Fabric REST v1 on the fabric origin", () => {
  let emulator: Emulator<DefaultTenant>;
  let app: string;
  let user: string;
  let readOnlyUser: string;
  const fabric = (path: string) => `${emulator.urls.fabric}/v1${path}`;

  /** Polls a job instance URL until it is done, returning every status seen. */
  const pollJob = async (location: string, token: string) => {
    const statuses: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      const res = await call(location, token);
      expect(res.status).toBe(200);
      statuses.push(res.body.status);
      if (!["NotStarted", "InProgress"].includes(res.body.status)) return { statuses, last: res.body };
      expect(res.headers.get("retry-after")).toBe("1");
    }
    throw new Error("job never finished");
  };

  beforeAll(async () => {
    emulator = await startEmulator();
    app = await appToken(emulator, `${FABRIC}/.default`);
    user = await userToken(emulator, [`${FABRIC}/.default`]);
    readOnlyUser = await userToken(emulator, [`${FABRIC}/Workspace.Read.All`]);
  });
  afterAll(() => emulator.stop());

  it("lists the service principal's workspaces, paging with continuationToken + an absolute continuationUri", async () => {
    const all = await call(fabric("/workspaces"), app);
    expect(all.status).toBe(200);
    expect(all.body.value).toEqual([
      {
        id: W.sales.id,
        displayName: W.sales.name,
        description: "Sales reporting",
        type: "Workspace",
        capacityId: SAMPLE.capacityId,
      },
      {
        id: W.finance.id,
        displayName: W.finance.name,
        description: "Finance",
        type: "Workspace",
        capacityId: SAMPLE.capacityId,
      },
    ]);
    expect(all.body).not.toHaveProperty("continuationToken");

    // List Workspaces has no maxResults (only List Tables does): the service picks the page size.
    expect((await call(fabric("/workspaces?maxResults=1"), app)).body.value).toHaveLength(2);
    emulator.workspaces.fabric.listPageSize = 1;
    const first = await call(fabric("/workspaces"), app).finally(() => {
      emulator.workspaces.fabric.listPageSize = 100;
    });
    expect(first.body.value).toHaveLength(1);
    expect(first.body.continuationToken).toEqual(expect.any(String));
    const uri = new URL(first.body.continuationUri);
    expect(uri.origin).toBe(emulator.urls.fabric);
    expect(uri.searchParams.get("continuationToken")).toBe(first.body.continuationToken);
    const second = await call(first.body.continuationUri, app);
    expect(second.body.value.map((w: { id: string }) => w.id)).toEqual([W.finance.id]);
    expect(second.body).not.toHaveProperty("continuationUri");
    const forged = await call(fabric("/workspaces?continuationToken=abc"), app);
    expect(forged.status).toBe(400);
    expect(forged.body.errorCode).toBe("InvalidContinuationToken");
  });

  it("lists items (datasets and reports included) with a type filter, and gets one item", async () => {
    const lakehouses = await call(fabric(`/workspaces/${W.sales.id}/items?type=Lakehouse`), app);
    expect(lakehouses.body.value).toEqual([
      {
        id: F.salesLakehouse.id,
        type: "Lakehouse",
        displayName: "SalesLakehouse",
        description: "Curated sales data",
        workspaceId: W.sales.id,
      },
    ]);
    const items = await call(fabric(`/workspaces/${W.sales.id}/items`), app);
    expect(items.body.value.map((i: { type: string }) => i.type).sort()).toEqual(
      [
        "DataPipeline",
        "Lakehouse",
        "Notebook",
        "Notebook",
        "Report",
        "Report",
        "SemanticModel",
        "SemanticModel",
      ].sort(),
    );
    expect(
      items.body.value
        .filter((i: { type: string }) => i.type === "SemanticModel")
        .map((i: { id: string }) => i.id),
    ).toEqual([SAMPLE.datasets.salesModel.id, SAMPLE.datasets.regionalSales.id]);
    const one = await call(fabric(`/workspaces/${W.sales.id}/items/${F.loadSalesNotebook.id}`), app);
    expect(one.body).toMatchObject({
      id: F.loadSalesNotebook.id,
      type: "Notebook",
      displayName: "Load Sales",
    });
  });

  it("errors use Fabric's ErrorResponse: ItemNotFound, WorkspaceNotFound, InsufficientPrivileges", async () => {
    const missingItem = await call(
      fabric(`/workspaces/${W.sales.id}/items/00000000-0000-0000-0000-000000000000`),
      app,
    );
    expect(missingItem.status).toBe(404);
    expect(missingItem.body).toMatchObject({
      errorCode: "ItemNotFound",
      message: "The requested item was not found",
      relatedResource: { resourceId: "00000000-0000-0000-0000-000000000000", resourceType: "Item" },
    });
    expect(missingItem.body.requestId).toBe(missingItem.headers.get("requestid"));
    expect(missingItem.headers.get("x-ms-public-api-error-code")).toBe("ItemNotFound");
    const missingWorkspace = await call(
      fabric("/workspaces/00000000-0000-0000-0000-000000000001/items"),
      app,
    );
    expect(missingWorkspace.body.errorCode).toBe("WorkspaceNotFound");
    const noAccess = await call(fabric(`/workspaces/${W.marketing.id}/items`), app);
    expect(noAccess.status).toBe(403);
    expect(noAccess.body.errorCode).toBe("InsufficientPrivileges");
  });

  describe("item jobs (long-running)", () => {
    const run = (workspaceId: string, itemId: string, jobType: string, token = app) =>
      call(fabric(`/workspaces/${workspaceId}/items/${itemId}/jobs/instances?jobType=${jobType}`), token, {
        method: "POST",
      });

    it("202 + Location + Retry-After; polling walks NotStarted → InProgress → Completed", async () => {
      const started = await run(W.sales.id, F.loadSalesNotebook.id, "RunNotebook");
      expect(started.status).toBe(202);
      expect(started.text).toBe("");
      expect(started.headers.get("retry-after")).toBe("1");
      const location = started.headers.get("location") ?? "";
      expect(location).toMatch(
        new RegExp(
          `^${emulator.urls.fabric}/v1/workspaces/${W.sales.id}/items/${F.loadSalesNotebook.id}/jobs/instances/[0-9a-f-]{36}$`,
        ),
      );
      const { statuses, last } = await pollJob(location, app);
      expect(statuses).toEqual(["NotStarted", "InProgress", "Completed"]);
      expect(last).toMatchObject({
        itemId: F.loadSalesNotebook.id,
        jobType: "RunNotebook",
        invokeType: "Manual",
        failureReason: null,
        startTimeUtc: expect.any(String),
        endTimeUtc: expect.any(String),
      });
      expect(last.id).toBe(location.split("/").at(-1));
    });

    it("an item seeded to fail ends Failed with a failureReason", async () => {
      const started = await run(W.sales.id, F.brokenNotebook.id, "RunNotebook");
      const { statuses, last } = await pollJob(started.headers.get("location") ?? "", app);
      expect(statuses.at(-1)).toBe("Failed");
      expect(last.failureReason).toMatchObject({
        errorCode: "JobInstanceStatusFailed",
        message: expect.stringContaining("NameError"),
        requestId: expect.any(String),
      });
    });

    it("wrong job types, Viewers and tokens without an execute scope are refused", async () => {
      const wrongType = await run(W.sales.id, F.nightlyIngest.id, "RunNotebook");
      expect(wrongType.status).toBe(400);
      expect(wrongType.body.errorCode).toBe("InvalidJobType");
      expect((await run(W.sales.id, F.nightlyIngest.id, "Pipeline")).status).toBe(202);
      expect((await run(W.finance.id, F.financeWarehouse.id, "DefaultJob")).status).toBe(202);

      const viewer = await run(W.finance.id, F.financeWarehouse.id, "DefaultJob", user);
      expect(viewer.status).toBe(403);
      expect(viewer.body.errorCode).toBe("InsufficientPrivileges");
      const noScope = await run(W.sales.id, F.loadSalesNotebook.id, "RunNotebook", readOnlyUser);
      expect(noScope.status).toBe(403);
      expect(noScope.body).toMatchObject({
        errorCode: "InsufficientScopes",
        message: "The caller does not have sufficient scopes to perform this operation",
      });
      expect((await run(W.sales.id, F.loadSalesNotebook.id, "RunNotebook", user)).status).toBe(202);
    });
  });

  it("lakehouse tables page through `data` with maxResults and continuationToken", async () => {
    const names: string[] = [];
    let url: string | undefined = fabric(
      `/workspaces/${W.sales.id}/lakehouses/${F.salesLakehouse.id}/tables?maxResults=2`,
    );
    let pages = 0;
    while (url) {
      const res = await call(url, app);
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(2);
      names.push(...res.body.data.map((t: { name: string }) => t.name));
      url = res.body.continuationUri;
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(names).toEqual(["dim_customer", "dim_date", "dim_product", "fact_returns", "fact_sales"]);
    const table = (
      await call(fabric(`/workspaces/${W.sales.id}/lakehouses/${F.salesLakehouse.id}/tables`), app)
    ).body.data[4];
    expect(table).toEqual({
      name: "fact_sales",
      type: "Managed",
      format: "Delta",
      location: `abfss://${W.sales.id}@onelake.dfs.fabric.microsoft.com/${F.salesLakehouse.id}/Tables/fact_sales`,
    });
    const tooMany = await call(
      fabric(`/workspaces/${W.sales.id}/lakehouses/${F.salesLakehouse.id}/tables?maxResults=101`),
      app,
    );
    expect(tooMany.status).toBe(400);
    const notALakehouse = await call(
      fabric(`/workspaces/${W.sales.id}/lakehouses/${F.loadSalesNotebook.id}/tables`),
      app,
    );
    expect(notALakehouse.body.errorCode).toBe("ItemNotFound");
    expect(
      (await call(fabric(`/workspaces/${W.sales.id}/lakehouses/${F.salesLakehouse.id}/tables`), user)).status,
    ).toBe(200);
  });

  it("token problems: expired → 401 TokenExpired, missing → 401 Unauthorized", async () => {
    emulator.setClockSkew(7200);
    try {
      const expired = await call(fabric("/workspaces"), app);
      expect(expired.status).toBe(401);
      expect(expired.body.errorCode).toBe("TokenExpired");
    } finally {
      emulator.setClockSkew(0);
    }
    const missing = await call(fabric("/workspaces"), undefined);
    expect(missing.status).toBe(401);
    expect(missing.body.errorCode).toBe("Unauthorized");
  });

  it("an injected 503 reaches the client once; the retry succeeds", async () => {
    emulator.inject({ origin: "fabric", path: "/v1/workspaces", status: 503, retryAfter: 1 });
    const unavailable = await call(fabric("/workspaces"), app);
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get("retry-after")).toBe("1");
    expect(unavailable.body.error.code).toBe("ServiceUnavailable");
    expect((await call(fabric("/workspaces"), app)).status).toBe(200);
    expect(emulator.requests({ origin: "fabric", status: 503 })).toHaveLength(1);
  });
});
