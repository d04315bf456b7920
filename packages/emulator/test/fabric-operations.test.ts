/**
 * Fabric's long-running operations (Get Item Definition, Git Get Status) and the depth routes:
 * what the service sends and refuses, shaped as the swagger documents it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DefaultTenant, type Emulator, FABRIC_SAMPLE, SAMPLE, startEmulator } from "../src/index.js";
import { appToken, call, userToken } from "./support/tokens.js";

const FABRIC = "https://api.fabric.microsoft.com";
const POWER_BI_APP = "00000009-0000-0000-c000-000000000000";
const { workspaces: W, fabricItems: F } = SAMPLE;

describe("Fabric long-running operations and depth routes", () => {
  let emulator: Emulator<DefaultTenant>;
  let app: string;
  let user: string;
  const fabric = (path: string) => `${emulator.urls.fabric}/v1${path}`;
  const scoped = (scopes: string[]) =>
    userToken(
      emulator,
      scopes.map((s) => `${FABRIC}/${s}`),
    );

  beforeAll(async () => {
    emulator = await startEmulator();
    emulator.directory.grantDelegated(emulator.tenant.clientId, POWER_BI_APP, [
      "Item.ReadWrite.All",
      "Workspace.GitUpdate.All",
    ]);
    app = await appToken(emulator, `${FABRIC}/.default`);
    user = await userToken(emulator, [`${FABRIC}/.default`]);
  });
  afterAll(() => emulator.stop());

  describe("getDefinition through /v1/operations", () => {
    const getDefinition = (
      token: string,
      itemId: string = F.loadSalesNotebook.id,
      workspaceId: string = W.sales.id,
    ) => call(fabric(`/workspaces/${workspaceId}/items/${itemId}/getDefinition`), token, { method: "POST" });

    it("202 with x-ms-operation-id, Location and Retry-After; state Running then Succeeded, whose Location is /result", async () => {
      const started = await getDefinition(app);
      expect(started.status).toBe(202);
      expect(started.text).toBe("");
      const id = started.headers.get("x-ms-operation-id") ?? "";
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(started.headers.get("location")).toBe(`${emulator.urls.fabric}/v1/operations/${id}`);
      expect(started.headers.get("retry-after")).toBe("1");

      const early = await call(fabric(`/operations/${id}/result`), app);
      expect(early.status).toBe(400);
      expect(early.body.errorCode).toBe("OperationNotSucceeded");

      const running = await call(fabric(`/operations/${id}`), app);
      expect(running.status).toBe(200);
      expect(running.body).toEqual({
        status: "Running",
        createdTimeUtc: expect.any(String),
        lastUpdatedTimeUtc: expect.any(String),
        percentComplete: 50,
      });
      expect(running.headers.get("x-ms-operation-id")).toBe(id);
      expect(running.headers.get("location")).toBe(`${emulator.urls.fabric}/v1/operations/${id}`);
      expect(running.headers.get("retry-after")).toBe("1");

      const done = await call(fabric(`/operations/${id}`), app);
      expect(done.body).toMatchObject({ status: "Succeeded", percentComplete: 100 });
      expect(done.headers.get("location")).toBe(`${emulator.urls.fabric}/v1/operations/${id}/result`);
      expect(done.headers.get("retry-after")).toBeNull();

      const result = await call(fabric(`/operations/${id}/result`), app);
      expect(result.status).toBe(200);
      const parts = result.body.definition.parts as { path: string; payload: string; payloadType: string }[];
      expect(parts.map((p) => [p.path, p.payloadType])).toEqual([
        ["notebook-content.py", "InlineBase64"],
        [".platform", "InlineBase64"],
      ]);
      expect(JSON.parse(Buffer.from(parts[1]?.payload ?? "", "base64").toString("utf8")).metadata).toEqual({
        type: "Notebook",
        displayName: F.loadSalesNotebook.name,
      });
    });

    it("needs a ReadWrite scope (Item.Read.All is not enough) and Contributor; unsupported types say so", async () => {
      const readOnly = await getDefinition(await scoped(["Item.Read.All"]));
      expect(readOnly.status).toBe(403);
      expect(readOnly.body.errorCode).toBe("InsufficientScopes");
      const readWrite = await scoped(["Item.ReadWrite.All"]);
      expect((await getDefinition(readWrite)).status).toBe(202);
      // Adele is only a Viewer of Finance.
      const viewer = await getDefinition(readWrite, F.financeLakehouse.id, W.finance.id);
      expect(viewer.status).toBe(403);
      expect(viewer.body.errorCode).toBe("InsufficientPrivileges");
      const warehouse = await getDefinition(app, F.financeWarehouse.id, W.finance.id);
      expect(warehouse.status).toBe(400);
      expect(warehouse.body.errorCode).toBe("OperationNotSupportedForItem");
    });

    it("an operation is its caller's, read with the initiating API's scopes", async () => {
      const readWrite = await scoped(["Item.ReadWrite.All"]);
      const started = await getDefinition(readWrite);
      const id = started.headers.get("x-ms-operation-id") ?? "";
      const otherPrincipal = await call(fabric(`/operations/${id}`), app);
      expect(otherPrincipal.status).toBe(404);
      expect(otherPrincipal.body.errorCode).toBe("OperationNotFound");
      const withoutScope = await call(fabric(`/operations/${id}`), await scoped(["Item.Read.All"]));
      expect(withoutScope.status).toBe(403);
      expect(withoutScope.body.errorCode).toBe("InsufficientScopes");
      expect((await call(fabric(`/operations/${id}`), readWrite)).status).toBe(200);
      expect((await call(fabric("/operations/00000000-0000-0000-0000-000000000000"), readWrite)).status).toBe(
        404,
      );
    });
  });

  it("Git status: Workspace.GitUpdate.All or GitCommit.All (not Workspace.ReadWrite.All), Contributor, a connected workspace", async () => {
    const status = (token: string, workspaceId: string = W.sales.id) =>
      call(fabric(`/workspaces/${workspaceId}/git/status`), token);
    const workspaceScope = await status(await scoped(["Workspace.Read.All"]));
    expect(workspaceScope.status).toBe(403);
    expect(workspaceScope.body.errorCode).toBe("InsufficientScopes");
    const git = await scoped(["Workspace.GitUpdate.All"]);
    const started = await status(git);
    expect(started.status).toBe(202);
    const id = started.headers.get("x-ms-operation-id") ?? "";
    await call(fabric(`/operations/${id}`), git);
    await call(fabric(`/operations/${id}`), git);
    const result = await call(fabric(`/operations/${id}/result`), git);
    expect(result.body).toMatchObject({
      workspaceHead: FABRIC_SAMPLE.git.workspaceHead,
      remoteCommitHash: FABRIC_SAMPLE.git.remoteCommitHash,
    });
    expect(result.body.changes).toHaveLength(2);
    const viewer = await status(git, W.finance.id);
    expect(viewer.status).toBe(403);
    const notConnected = await status(app, W.finance.id);
    expect(notConnected.status).toBe(400);
    expect(notConnected.body.errorCode).toBe("WorkspaceNotConnectedToGit");
  });

  describe("jobs", () => {
    const run = (jobType: string, body?: unknown, itemId: string = F.loadSalesNotebook.id) =>
      call(fabric(`/workspaces/${W.sales.id}/items/${itemId}/jobs/${jobType}/instances`), app, {
        method: "POST",
        ...(body === undefined ? {} : { body }),
      });

    it("the canonical path takes executionData and parameters; malformed parameters are a 400", async () => {
      const parameters = [{ name: "region", type: "String", value: "West" }];
      const started = await run("RunNotebook", { executionData: { configuration: {} }, parameters });
      expect(started.status).toBe(202);
      const id = started.headers.get("location")?.split("/").pop() ?? "";
      expect(emulator.workspaces.fabric.runRequest(id)).toEqual({
        executionData: { configuration: {} },
        parameters,
      });
      expect(started.headers.get("x-ms-job-id")).toBeNull();
      const bad = await run("RunNotebook", { parameters: [{ name: "region" }] });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toMatch(/parameters.*name, type, value/);
      const notJson = await run("RunNotebook", "{");
      expect(notJson.status).toBe(400);
      const unsupported = await run("TableMaintenance", { parameters }, F.salesLakehouse.id);
      expect(unsupported.status).toBe(400);
      expect(unsupported.body).toMatchObject({
        errorCode: "FeatureNotAvailable",
        message: "Parameter is not allowed for this item type or this item job type",
      });
      // The older ?jobType= form still works, as the service keeps it for backward compatibility.
      const legacy = await call(
        fabric(
          `/workspaces/${W.sales.id}/items/${F.loadSalesNotebook.id}/jobs/instances?jobType=RunNotebook`,
        ),
        app,
        { method: "POST" },
      );
      expect(legacy.status).toBe(202);
    });

    it("cancel: 202 + Location for a running job, JobAlreadyCompleted after; Viewers and read scopes are refused", async () => {
      const started = await run("RunNotebook");
      const location = started.headers.get("location") ?? "";
      const cancel = await call(`${location}/cancel`, app, { method: "POST" });
      expect(cancel.status).toBe(202);
      expect(cancel.headers.get("location")).toBe(location);
      expect(cancel.headers.get("retry-after")).toBe("1");
      expect((await call(location, app)).body).toMatchObject({
        status: "Cancelled",
        endTimeUtc: expect.any(String),
      });
      const again = await call(`${location}/cancel`, app, { method: "POST" });
      expect(again.status).toBe(400);
      expect(again.body.errorCode).toBe("JobAlreadyCompleted");
      const readScope = await call(`${location}/cancel`, await scoped(["Item.Read.All"]), { method: "POST" });
      expect(readScope.status).toBe(403);
      expect(readScope.body.errorCode).toBe("InsufficientScopes");
    });

    it("job instances newest first, paged by the service; schedules per job type", async () => {
      const list = fabric(`/workspaces/${W.sales.id}/items/${F.nightlyIngest.id}/jobs/instances`);
      const all = await call(list, user);
      expect(all.body.value.map((j: { id: string; status: string }) => [j.id, j.status])).toEqual([
        [FABRIC_SAMPLE.jobHistory.running, "InProgress"],
        [FABRIC_SAMPLE.jobHistory.completed, "Completed"],
        [FABRIC_SAMPLE.jobHistory.failed, "Failed"],
      ]);
      emulator.workspaces.fabric.listPageSize = 2;
      try {
        const first = await call(list, user);
        expect(first.body.value).toHaveLength(2);
        const second = await call(first.body.continuationUri, user);
        expect(second.body.value.map((j: { id: string }) => j.id)).toEqual([FABRIC_SAMPLE.jobHistory.failed]);
        expect(second.body).not.toHaveProperty("continuationToken");
      } finally {
        emulator.workspaces.fabric.listPageSize = 100;
      }
      const schedules = await call(
        fabric(`/workspaces/${W.sales.id}/items/${F.loadSalesNotebook.id}/jobs/RunNotebook/schedules`),
        user,
      );
      expect(schedules.body.value).toEqual([
        {
          id: FABRIC_SAMPLE.schedules.loadSales,
          enabled: false,
          createdDateTime: expect.any(String),
          configuration: expect.objectContaining({ type: "Cron", interval: 240, localTimeZoneId: "UTC" }),
          owner: { id: emulator.tenant.spObjectId, type: "ServicePrincipal" },
        },
      ]);
      const otherType = await call(
        fabric(`/workspaces/${W.sales.id}/items/${F.loadSalesNotebook.id}/jobs/DefaultJob/schedules`),
        user,
      );
      expect(otherType.body.value).toEqual([]);
    });
  });

  it("role assignments need Member; capacities and connections are the caller's own; scopes as listed", async () => {
    const roles = await call(fabric(`/workspaces/${W.marketing.id}/roleAssignments`), user);
    expect(roles.status).toBe(200);
    expect(roles.body.value).toEqual([
      {
        id: emulator.tenant.user.oid,
        principal: {
          id: emulator.tenant.user.oid,
          displayName: expect.any(String),
          type: "User",
          userDetails: { userPrincipalName: emulator.tenant.user.upn },
        },
        role: "Admin",
      },
    ]);
    const viewer = await call(fabric(`/workspaces/${W.finance.id}/roleAssignments`), user);
    expect(viewer.status).toBe(403);
    expect(viewer.body.errorCode).toBe("InsufficientPrivileges");

    const capacities = await call(fabric("/capacities"), user);
    expect(capacities.body.value.map((c: { id: string }) => c.id)).toEqual([SAMPLE.capacityId]);
    const noCapacityScope = await call(fabric("/capacities"), await scoped(["Workspace.Read.All"]));
    expect(noCapacityScope.body.errorCode).toBe("InsufficientScopes");

    const connections = await call(fabric("/connections"), user);
    expect(connections.body.value.map((c: { id: string }) => c.id)).toEqual([
      FABRIC_SAMPLE.connections.salesSql.id,
      FABRIC_SAMPLE.connections.dataLake.id,
    ]);
    expect(connections.body.value[0]).not.toHaveProperty("roles");
    const shortcuts = await call(
      fabric(`/workspaces/${W.sales.id}/items/${F.salesLakehouse.id}/shortcuts`),
      await scoped(["Item.Read.All"]),
    );
    expect(shortcuts.status).toBe(403);
    expect(shortcuts.body.errorCode).toBe("InsufficientScopes");
  });

  it("admin lists: every workspace and item, filtered; a user must be a Fabric administrator with Tenant.Read.All", async () => {
    const workspaces = await call(fabric("/admin/workspaces"), app);
    expect(workspaces.status).toBe(200);
    expect(workspaces.body.workspaces).toContainEqual({
      id: W.hr.id,
      name: W.hr.name,
      type: "Workspace",
      state: "Active",
      capacityId: SAMPLE.capacityId,
    });
    const byName = await call(fabric(`/admin/workspaces?name=${encodeURIComponent(W.finance.name)}`), app);
    expect(byName.body.workspaces.map((w: { id: string }) => w.id)).toEqual([W.finance.id]);
    const lakehouses = await call(fabric("/admin/items?type=Lakehouse"), app);
    expect(lakehouses.body.itemEntities.map((i: { id: string }) => i.id).sort()).toEqual(
      [F.salesLakehouse.id, F.financeLakehouse.id].sort(),
    );
    expect(lakehouses.body.itemEntities[0]).toMatchObject({
      state: "Active",
      capacityId: SAMPLE.capacityId,
      creatorPrincipal: expect.objectContaining({ type: expect.any(String) }),
    });
    // Adele has no Tenant.* scope and is no Fabric administrator.
    const notAdmin = await call(fabric("/admin/workspaces"), user);
    expect(notAdmin.status).toBe(403);
  });
  it("query parameters the swagger defines: List Workspaces `roles`, item `type` (unknown types are InvalidItemType)", async () => {
    const admins = await call(fabric("/workspaces?roles=Admin"), user);
    expect(admins.body.value.map((w: { id: string }) => w.id)).toEqual([W.marketing.id]);
    const two = await call(fabric("/workspaces?roles=Member,Viewer"), user);
    expect(two.body.value.map((w: { id: string }) => w.id).sort()).toEqual([W.sales.id, W.finance.id].sort());
    const badRole = await call(fabric("/workspaces?roles=Owner"), user);
    expect(badRole.status).toBe(400);
    expect(badRole.body.errorCode).toBe("InvalidParameter");

    const lower = await call(fabric(`/workspaces/${W.sales.id}/items?type=lakehouse`), app);
    expect(lower.body.value.map((i: { id: string }) => i.id)).toEqual([F.salesLakehouse.id]);
    const unknown = await call(fabric(`/workspaces/${W.sales.id}/items?type=Spreadsheet`), app);
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({
      errorCode: "InvalidItemType",
      message: "Invalid item type 'Spreadsheet'.",
    });
    const adminUnknown = await call(fabric("/admin/items?type=Spreadsheet"), app);
    expect(adminUnknown.body.errorCode).toBe("InvalidItemType");
  });
});
