/**
 * Fabric's continuation-paged lists name their array per API (`value` mostly, `data` for lakehouse
 * tables, `workspaces` and `itemEntities` for the admin lists): the kit follows continuationUri for
 * whichever one array a page holds. Served by a local HTTPS test API in those shapes.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Connected, connect, dataOf } from "../support/connect.js";
import { json, startHttpsServer, type TestHttpsServer } from "../support/https-server.js";
import { startTestEmulator, type TestEmulator } from "../support/test-emulator.js";

let t: TestEmulator;
let api: TestHttpsServer;
let session: Connected | undefined;

beforeAll(async () => {
  t = await startTestEmulator();
  api = await startHttpsServer((req, res) => {
    const url = new URL(req.url ?? "/", api.url);
    const token = url.searchParams.get("continuationToken");
    if (url.pathname === "/v1/admin/workspaces") {
      if (!token) {
        return json(res, 200, {
          workspaces: [{ id: "w1" }, { id: "w2" }],
          continuationToken: "p2",
          continuationUri: `${api.url}/v1/admin/workspaces?continuationToken=p2`,
        });
      }
      return json(res, 200, { workspaces: [{ id: "w3" }] });
    }
    if (url.pathname === "/v1/admin/items") {
      if (!token) return json(res, 200, { itemEntities: [{ id: "i1" }], continuationToken: "p2" });
      return json(res, 200, { itemEntities: [{ id: "i2" }] });
    }
    // Not a list: two arrays, so neither is taken for the page's items.
    if (url.pathname === "/v1/workspaces/w1/git/status") {
      return json(res, 200, { workspaceHead: "abc", changes: [{ id: "c1" }], conflicts: [] });
    }
    json(res, 404, { errorCode: "EntityNotFound", message: "not found" });
  });
});
afterAll(async () => {
  await Promise.all([t?.emulator.stop(), api?.close()]);
});
afterEach(async () => {
  await session?.close();
  session = undefined;
  api.requests.length = 0;
});

const env = () =>
  t.env({
    ENTRA_MCP_CLOUD: t.cloudWith({
      jobs: { endpoint: api.url, audience: "https://api.fabric.microsoft.com" },
    }),
  });

describe("continuation paging of Fabric lists named other than value", () => {
  it("follows continuationUri for `workspaces` and gathers every page", async () => {
    session = await connect(env());
    const result = await session.call("request", { api: "jobs", path: "/admin/workspaces" });
    expect(result.isError, result.text).toBeFalsy();
    expect(dataOf(result)).toEqual({ workspaces: [{ id: "w1" }, { id: "w2" }, { id: "w3" }] });
    expect(api.requests.map((r) => r.path)).toEqual([
      "/v1/admin/workspaces",
      "/v1/admin/workspaces?continuationToken=p2",
    ]);
  });

  it("follows a bare continuationToken for `itemEntities`", async () => {
    session = await connect(env());
    const result = await session.call("request", { api: "jobs", path: "/admin/items" });
    expect(dataOf(result)).toEqual({ itemEntities: [{ id: "i1" }, { id: "i2" }] });
  });

  it("a body with two arrays is not a list: returned as it came", async () => {
    session = await connect(env());
    const result = await session.call("request", { api: "jobs", path: "/workspaces/w1/git/status" });
    expect(dataOf(result)).toEqual({ workspaceHead: "abc", changes: [{ id: "c1" }], conflicts: [] });
  });
});
