import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DefaultTenant, type Emulator, SAMPLE, startEmulator } from "../src/index.js";
import { appToken, call, userToken } from "./support/tokens.js";

const POWER_BI = "https://analysis.windows.net/powerbi/api";
const { workspaces: W, datasets: D } = SAMPLE;

describe("executeQueries on a dataset with row-level security", () => {
  let emulator: Emulator<DefaultTenant>;
  let app: string;
  let user: string;
  const query = (datasetId: string, token: string, extra: Record<string, unknown> = {}) =>
    call(
      `${emulator.urls.powerbi}/v1.0/myorg/groups/${W.sales.id}/datasets/${datasetId}/executeQueries`,
      token,
      {
        method: "POST",
        body: { queries: [{ query: "EVALUATE 'Sales'" }], ...extra },
      },
    );
  const regions = (res: { body: { results: { tables: { rows: Record<string, unknown>[] }[] }[] } }) =>
    res.body.results[0]?.tables[0]?.rows.map((row) => row["Sales[Region]"]);

  beforeAll(async () => {
    emulator = await startEmulator();
    app = await appToken(emulator, `${POWER_BI}/.default`);
    user = await userToken(emulator, [`${POWER_BI}/Dataset.Read.All`]);
  });
  afterAll(() => emulator.stop());

  it("a service principal is refused with 401, with or without impersonatedUserName", async () => {
    for (const extra of [{}, { impersonatedUserName: "megan@contoso.test" }]) {
      const res = await query(D.regionalSales.id, app, extra);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("PowerBINotAuthorizedException");
    }
  });

  it("a workspace Member sees every row; impersonating a UPN applies that user's roles", async () => {
    const own = await query(D.regionalSales.id, user);
    expect(own.status, own.text).toBe(200);
    expect(regions(own)).toHaveLength(8);
    const megan = await query(D.regionalSales.id, user, { impersonatedUserName: "megan@contoso.test" });
    expect(regions(megan)).toEqual(["East", "East", "East"]);
    const adele = await query(D.regionalSales.id, user, { impersonatedUserName: "ADELE@contoso.test" });
    expect(regions(adele)).toEqual(["West", "West", "West"]);
    // Someone in no role sees nothing.
    const nobody = await query(D.regionalSales.id, user, { impersonatedUserName: "nobody@contoso.test" });
    expect(regions(nobody)).toEqual([]);
    const bad = await query(D.regionalSales.id, user, { impersonatedUserName: 42 });
    expect(bad.status).toBe(400);
  });

  it("a Viewer gets their own roles' rows and cannot impersonate", async () => {
    const adele = emulator.tenant.user.oid;
    emulator.workspaces.setRole(W.sales.id, adele, "Viewer");
    try {
      const own = await query(D.regionalSales.id, user);
      expect(regions(own)).toEqual(["West", "West", "West"]);
      const impersonating = await query(D.regionalSales.id, user, {
        impersonatedUserName: "megan@contoso.test",
      });
      expect(impersonating.status).toBe(401);
    } finally {
      emulator.workspaces.setRole(W.sales.id, adele, "Member");
    }
  });

  it("without RLS, impersonatedUserName is ignored (as the reference says) and app-only works", async () => {
    const plain = await query(D.salesModel.id, app, { impersonatedUserName: "megan@contoso.test" });
    expect(plain.status).toBe(200);
    expect(plain.body.results[0].tables[0].rows).toHaveLength(10);
  });

  it("more than 100,000 rows: the first 100,000 and an error naming the limit, with 200", async () => {
    const big = emulator.workspaces.addDataset({
      workspaceId: W.sales.id,
      name: "Big",
      configuredBy: "adele@contoso.test",
      isRefreshable: false,
      tables: [
        { name: "Sales", columns: ["Id"], rows: Array.from({ length: 100_001 }, (_, i) => ({ Id: i })) },
      ],
    });
    const res = await query(big.id, app);
    expect(res.status).toBe(200);
    expect(res.body.results[0].tables[0].rows).toHaveLength(100_000);
    expect(res.body.results[0].tables[0].error.message).toBe("More than 100000 rows in a query result");
  });
});
