/** POST /v1.0/$batch on the emulator: limits, dependsOn and 424, per-item status/headers/body and throttling. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type DefaultTenant, type Emulator, startEmulator } from "../src/index.js";
import { appToken, call, userToken } from "./support/tokens.js";

const GRAPH = "https://graph.microsoft.com/.default";

let emulator: Emulator<DefaultTenant>;
let app: string;
let user: string;
const batch = (token: string, requests: unknown[]) =>
  call(`${emulator.urls.graph}/v1.0/$batch`, token, { method: "POST", body: { requests } });
// biome-ignore lint/suspicious/noExplicitAny: assertions read item fields one by one.
const byId = (body: any, id: string) => body.responses.find((r: { id: string }) => r.id === id);

beforeAll(async () => {
  emulator = await startEmulator();
  app = await appToken(emulator, GRAPH);
  user = await userToken(emulator, ["User.Read", "Mail.Read"]);
});
afterAll(() => emulator.stop());
afterEach(() => {
  emulator.clearFaults();
  emulator.clearRequests();
});

describe("Graph JSON batching", () => {
  it("runs each request with the caller's token and returns its status, headers and body", async () => {
    const res = await batch(app, [
      { id: "1", method: "GET", url: "/users?$top=2&$select=displayName" },
      { id: "2", method: "GET", url: "organization" },
      { id: "3", method: "GET", url: "/users/nobody@contoso.test" },
      { id: "4", method: "GET", url: "/me" },
    ]);
    expect(res.status).toBe(200);
    expect(res.body.responses.map((r: { id: string }) => r.id)).toEqual(["1", "2", "3", "4"]);
    expect(byId(res.body, "1")).toMatchObject({
      status: 200,
      headers: { "Content-Type": expect.stringContaining("application/json") },
    });
    expect(byId(res.body, "1").body.value).toHaveLength(2);
    expect(byId(res.body, "2").body.value[0].id).toBe(emulator.tenant.tenantId);
    expect(byId(res.body, "3")).toMatchObject({
      status: 404,
      body: { error: { code: "Request_ResourceNotFound" } },
    });
    expect(byId(res.body, "4")).toMatchObject({ status: 400 });
    // Each item reached its own route (authorized and logged like a request of its own).
    const paths = emulator.requests({ origin: "graph" }).map((r) => `${r.method} ${r.path.split("?")[0]}`);
    expect(paths).toEqual(
      expect.arrayContaining(["GET /v1.0/users", "GET /v1.0/organization", "POST /v1.0/$batch"]),
    );
    // Delegated: /me works, and a forbidden item is that item's 403, not the batch's.
    const delegated = await batch(user, [
      { id: "me", method: "GET", url: "/me?$select=userPrincipalName" },
      { id: "audit", method: "GET", url: "/auditLogs/signIns" },
    ]);
    expect(byId(delegated.body, "me").body.userPrincipalName).toBe(emulator.tenant.user.upn);
    expect(byId(delegated.body, "audit").status).toBe(403);
  });

  it("refuses more than 20 requests, duplicate ids, unknown or cyclic dependsOn, for the whole batch", async () => {
    const many = Array.from({ length: 21 }, (_, i) => ({
      id: String(i + 1),
      method: "GET",
      url: "/organization",
    }));
    const tooMany = await batch(app, many);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toMatchObject({
      code: "BadRequest",
      message: "Number of requests inside batch exceeds the limit.",
    });
    expect((await batch(app, many.slice(0, 20))).status).toBe(200);
    const duplicate = await batch(app, [
      { id: "1", method: "GET", url: "/organization" },
      { id: "1", method: "GET", url: "/users" },
    ]);
    expect(duplicate.status).toBe(400);
    const unknown = await batch(app, [{ id: "1", method: "GET", url: "/users", dependsOn: ["9"] }]);
    expect(unknown.status).toBe(400);
    const cycle = await batch(app, [
      { id: "1", method: "GET", url: "/users", dependsOn: ["2"] },
      { id: "2", method: "GET", url: "/users", dependsOn: ["1"] },
    ]);
    expect(cycle.status).toBe(400);
    expect((await batch(app, [{ id: "1", url: "/users" }])).status).toBe(400);
    const powerBi = await appToken(emulator, "https://analysis.windows.net/powerbi/api/.default");
    const wrongAudience = await batch(powerBi, [{ id: "1", method: "GET", url: "/organization" }]);
    expect(wrongAudience.status).toBe(401);
    expect(wrongAudience.body.error.message).toContain("Invalid audience");
    expect(
      (
        await call(`${emulator.urls.graph}/v1.0/$batch`, undefined, {
          method: "POST",
          body: { requests: [] },
        })
      ).status,
    ).toBe(401);
  });

  it("dependsOn: a request runs after its dependency, and gets 424 Failed Dependency when that failed", async () => {
    const res = await batch(app, [
      { id: "1", method: "GET", url: "/groups/00000000-0000-0000-0000-000000000000" },
      { id: "2", method: "GET", url: "/organization", dependsOn: ["1"] },
      { id: "3", method: "GET", url: "/organization" },
      { id: "4", method: "GET", url: "/users?$top=1", dependsOn: ["3"] },
    ]);
    expect(byId(res.body, "1").status).toBe(404);
    expect(byId(res.body, "2")).toMatchObject({ status: 424, body: { error: { code: "FailedDependency" } } });
    expect(byId(res.body, "3").status).toBe(200);
    expect(byId(res.body, "4").status).toBe(200);
    // The failed dependency's dependent never reached its route.
    expect(emulator.requests({ origin: "graph", path: "/v1.0/organization" })).toHaveLength(1);
  });

  it("per-item throttling: an injected 429 on one item's path is that item's 429 with Retry-After", async () => {
    emulator.inject({ origin: "graph", path: "/v1.0/users?$top=1", status: 429, retryAfter: 3, count: 1 });
    const res = await batch(app, [
      { id: "a", method: "GET", url: "/users?$top=1" },
      { id: "b", method: "GET", url: "/organization" },
    ]);
    expect(res.status).toBe(200);
    expect(byId(res.body, "a")).toMatchObject({
      status: 429,
      headers: { "Retry-After": "3" },
      body: { error: { code: "TooManyRequests" } },
    });
    expect(byId(res.body, "b").status).toBe(200);
  });

  it("items: relative URLs only, no nested batch, writes need a body and Content-Type", async () => {
    const res = await batch(app, [
      { id: "abs", method: "GET", url: "https://graph.microsoft.com/v1.0/users" },
      {
        id: "nested",
        method: "POST",
        url: "/$batch",
        body: { requests: [] },
        headers: { "Content-Type": "application/json" },
      },
      { id: "nobody", method: "POST", url: "/me/sendMail" },
    ]);
    expect(byId(res.body, "abs").status).toBe(400);
    expect(byId(res.body, "nested").status).toBe(400);
    expect(byId(res.body, "nobody")).toMatchObject({
      status: 400,
      body: { error: { message: "Write request id : nobody does not contain Content-Type header or body." } },
    });
  });
});
