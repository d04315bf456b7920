/**
 * Fabric checks each operation's delegated scopes exactly as the swagger's "Required Delegated
 * Scopes" lists them: a broader or neighbouring scope is not enough. Each case here was accepted
 * by the emulator's former, lenient checks.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DefaultTenant, type Emulator, SAMPLE, startEmulator } from "../src/index.js";
import { call, userToken } from "./support/tokens.js";

const FABRIC = "https://api.fabric.microsoft.com";
const POWER_BI_APP = "00000009-0000-0000-c000-000000000000";
const { workspaces: W, fabricItems: F } = SAMPLE;

describe("Fabric delegated scopes, per operation as the spec lists them", () => {
  let emulator: Emulator<DefaultTenant>;
  const tokens = new Map<string, string>();
  const fabric = (path: string) => `${emulator.urls.fabric}/v1${path}`;
  /** A user token with exactly this one scope (cached per scope). */
  const only = async (scope: string) => {
    const cached = tokens.get(scope);
    if (cached) return cached;
    const token = await userToken(emulator, [`${FABRIC}/${scope}`]);
    tokens.set(scope, token);
    return token;
  };
  const expectInsufficientScopes = (res: { status: number; body: { errorCode?: string } }) => {
    expect(res.status).toBe(403);
    expect(res.body.errorCode).toBe("InsufficientScopes");
  };

  beforeAll(async () => {
    emulator = await startEmulator();
    // Scopes the default consent leaves out, so tokens with exactly them can be asked for.
    emulator.directory.grantDelegated(emulator.tenant.clientId, POWER_BI_APP, [
      "Item.ReadWrite.All",
      "Notebook.Execute.All",
      "Lakehouse.ReadWrite.All",
    ]);
  });
  afterAll(() => emulator.stop());

  it("List Items takes Workspace.Read.All or Workspace.ReadWrite.All, not Item.Read.All", async () => {
    const path = fabric(`/workspaces/${W.sales.id}/items`);
    expectInsufficientScopes(await call(path, await only("Item.Read.All")));
    expectInsufficientScopes(await call(path, await only("Item.ReadWrite.All")));
    expect((await call(path, await only("Workspace.Read.All"))).status).toBe(200);
  });

  it("Run On Demand Item Job takes Item.Execute.All or <Type>.Execute.All, not Item.ReadWrite.All", async () => {
    const run = async (scope: string, itemId = F.loadSalesNotebook.id) =>
      call(
        fabric(`/workspaces/${W.sales.id}/items/${itemId}/jobs/RunNotebook/instances`),
        await only(scope),
        {
          method: "POST",
        },
      );
    expectInsufficientScopes(await run("Item.ReadWrite.All"));
    expectInsufficientScopes(await run("Item.Read.All"));
    expect((await run("Item.Execute.All")).status).toBe(202);
    // The type-specific scope works for its own type only.
    expect((await run("Notebook.Execute.All")).status).toBe(202);
    const pipeline = await call(
      fabric(`/workspaces/${W.sales.id}/items/${F.nightlyIngest.id}/jobs/Pipeline/instances`),
      await only("Notebook.Execute.All"),
      { method: "POST" },
    );
    expectInsufficientScopes(pipeline);
  });

  it("Get Item Job Instance takes read scopes, not Item.Execute.All", async () => {
    const started = await call(
      fabric(`/workspaces/${W.sales.id}/items/${F.loadSalesNotebook.id}/jobs/RunNotebook/instances`),
      await only("Item.Execute.All"),
      { method: "POST" },
    );
    const location = started.headers.get("location") ?? "";
    expectInsufficientScopes(await call(location, await only("Item.Execute.All")));
    expect((await call(location, await only("Item.Read.All"))).status).toBe(200);
  });

  it("Lakehouse List Tables takes Lakehouse.Read.All or Lakehouse.ReadWrite.All, not Item.Read.All", async () => {
    const path = fabric(`/workspaces/${W.sales.id}/lakehouses/${F.salesLakehouse.id}/tables`);
    expectInsufficientScopes(await call(path, await only("Item.Read.All")));
    expect((await call(path, await only("Lakehouse.Read.All"))).status).toBe(200);
    expect((await call(path, await only("Lakehouse.ReadWrite.All"))).status).toBe(200);
    // Get Lakehouse, by contrast, lists Item.Read.All among its scopes.
    const lakehouse = fabric(`/workspaces/${W.sales.id}/lakehouses/${F.salesLakehouse.id}`);
    expect((await call(lakehouse, await only("Item.Read.All"))).status).toBe(200);
  });

  it("the refusal names the scopes the operation takes", async () => {
    const res = await call(fabric(`/workspaces/${W.sales.id}/items`), await only("Item.Read.All"));
    expect(res.body.moreDetails).toEqual([
      {
        errorCode: "RequiredScopes",
        message: "One of these scopes is required: Workspace.Read.All, Workspace.ReadWrite.All",
      },
    ]);
  });
});
