/**
 * Tokens go only to the API's own origin: attack paths are refused before any token is requested
 * (nothing reaches any origin), and nextLinks / redirects to other origins are not followed.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { ApiDescription } from "../../src/api-description.js";
import { ATTACK_CASES } from "../support/attack-paths.js";
import { type Connected, connect, dataOf } from "../support/connect.js";
import { json, startHttpsServer, type TestHttpsServer } from "../support/https-server.js";
import { startTestEmulator, type TestEmulator } from "../support/test-emulator.js";

let t: TestEmulator;
/** The emulator's canary origin: any request reaching it is a pinning failure. */
let canary: string;
let api: TestHttpsServer;
let session: Connected | undefined;

beforeAll(async () => {
  t = await startTestEmulator();
  canary = t.emulator.urls.canary;
  // The "jobs" API of the test description, served locally so it can redirect.
  api = await startHttpsServer((req, res) => {
    const path = req.url ?? "";
    if (path === "/v1/jobs/elsewhere")
      return void res.writeHead(302, { location: `${canary}/v1.0/users` }).end();
    if (path === "/v1/jobs/downgrade")
      return void res.writeHead(302, { location: `http://127.0.0.1:${new URL(api.url).port}/v1/jobs` }).end();
    if (path === "/v1/jobs/moved") return void res.writeHead(307, { location: "/v1/jobs" }).end();
    if (path === "/v1/jobs/page-elsewhere") {
      return json(res, 200, {
        value: [{ id: "a" }],
        continuationToken: "t",
        continuationUri: `${canary}/v1/jobs?continuationToken=t`,
      });
    }
    if (path === "/v1/jobs") return json(res, 200, { value: [{ id: "j1" }, { id: "j2" }] });
    json(res, 404, { errorCode: "NotFound", message: "nothing here" });
  });
});
afterAll(async () => {
  await Promise.all([t?.emulator.stop(), api?.close()]);
});
afterEach(async () => {
  await session?.close();
  session = undefined;
  expect(t.emulator.canaryHits()).toEqual([]);
  t.emulator.clearFaults();
  t.emulator.clearRequests();
  api.requests.length = 0;
});

const withJobs = () =>
  t.env({
    ENTRA_MCP_CLOUD: t.cloudWith({
      jobs: { endpoint: api.url, audience: "https://api.fabric.microsoft.com" },
    }),
  });

describe("attack paths", () => {
  it.each(ATTACK_CASES)(
    "request refuses %s with no request to any origin and no token",
    async (_label, path) => {
      session = await connect(t.env());
      const result = await session.call("request", { path });
      expect(result.isError).toBe(true);
      expect(result.text).toMatch(/path |Input validation error/);
      expect(t.emulator.requests()).toEqual([]);
      expect(t.emulator.requests({ origin: "canary" })).toEqual([]);
      expect(api.requests).toEqual([]);
    },
  );

  it.each(["..", "../../evil", "%2e%2e", "a/../../../evil"])(
    "get_user refuses the id %j before any token",
    async (userId) => {
      session = await connect(t.env());
      const result = await session.call("get_user", { userId: `${userId}` });
      expect(result.isError).toBe(true);
      expect(result.text).toMatch(/cannot be|"\.\." segments/);
      expect(t.emulator.requests()).toEqual([]);
    },
  );

  it("refuses a query parameter name that could add parameters, and header smuggling", async () => {
    session = await connect(t.env());
    const bad = await session.call("request", { path: "/users", query: { "a&$filter": "x" } });
    expect(bad.isError).toBe(true);
    expect(bad.text).toMatch(/query parameter name/);
    const header = await session.call("request", { path: "/users", headers: { Authorization: "Bearer x" } });
    expect(header.isError).toBe(true);
    const crlf = await session.call("request", {
      path: "/users",
      headers: { Prefer: "x\r\nHost: evil.example" },
    });
    expect(crlf.isError).toBe(true);
    expect(t.emulator.requests()).toEqual([]);
  });

  it("refuses a forged cursor before any token", async () => {
    session = await connect(t.env());
    const forged = `${Buffer.from(JSON.stringify({ a: "graph", u: `${canary}/v1.0/users`, s: 0 })).toString("base64url")}.AAAAAAAAAAAAAAAAAAAAAA`;
    const result = await session.call("list_users", { cursor: forged });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/cursor is not one this server process issued/);
    expect(t.emulator.requests({ origin: "graph" })).toEqual([]);
    expect(t.emulator.requests({ origin: "canary" })).toEqual([]);
  });
});

describe("links and redirects from the API", () => {
  it("does not follow an @odata.nextLink to another origin", async () => {
    session = await connect(t.env());
    t.emulator.inject({
      origin: "graph",
      // A RegExp: the emulator reads a string like "/v1.0/users" as "/regex/flags".
      path: /^\/v1\.0\/users/,
      status: 200,
      body: {
        value: [{ id: "1", displayName: "One", userPrincipalName: "one@x" }],
        "@odata.nextLink": `${canary}/v1.0/users?$skiptoken=steal`,
      },
    });
    const result = await session.call("list_users");
    expect(result.isError).toBeFalsy();
    const content = dataOf(result) as { value: unknown[]; note?: string; nextCursor?: string };
    expect(content.value).toHaveLength(1);
    expect(content.note).toMatch(
      /next-page link was not followed: refused to call https:\/\/127\.0\.0\.1:\d+/,
    );
    expect(content.nextCursor).toBeUndefined();
    expect(t.emulator.requests({ origin: "canary" })).toEqual([]);
  });

  it("does not follow a continuationUri to another origin", async () => {
    session = await connect(withJobs());
    const result = await session.call("request", { api: "jobs", path: "/jobs/page-elsewhere" });
    expect(result.isError).toBeFalsy();
    expect((dataOf(result) as { note?: string }).note).toMatch(/not followed/);
    expect(t.emulator.requests({ origin: "canary" })).toEqual([]);
  });

  it("refuses a redirect to another origin: the token never leaves", async () => {
    session = await connect(withJobs());
    const result = await session.call("request", { api: "jobs", path: "/jobs/elsewhere" });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(
      /redirected to https:\/\/127\.0\.0\.1:\d+, which is not https:\/\/127\.0\.0\.1:\d+; .*not followed/,
    );
    expect(t.emulator.requests({ origin: "canary" })).toEqual([]);
    expect(api.requests.map((r) => r.path)).toEqual(["/v1/jobs/elsewhere"]);
  });

  it("refuses a redirect from https to http on the same host", async () => {
    session = await connect(withJobs());
    const result = await session.call("request", { api: "jobs", path: "/jobs/downgrade" });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/redirected to http:\/\/127\.0\.0\.1/);
    expect(api.requests).toHaveLength(1);
  });

  it("follows a same-origin redirect with the token", async () => {
    session = await connect(withJobs());
    const result = await session.call("request", { api: "jobs", path: "/jobs/moved" });
    expect(result.isError).toBeFalsy();
    expect((dataOf(result) as { value: unknown[] }).value).toHaveLength(2);
    expect(api.requests.map((r) => [r.path, r.authorization?.startsWith("Bearer ")])).toEqual([
      ["/v1/jobs/moved", true],
      ["/v1/jobs", true],
    ]);
    // The token sent to the jobs API was issued for the jobs API's audience.
    const tokenRequest = t.emulator.requests({ origin: "login", path: "/token" }).at(-1);
    expect(tokenRequest?.scope).toContain("https://api.fabric.microsoft.com/.default");
  });
});

describe("environment-url APIs (Dataverse)", () => {
  const dataverse: ApiDescription = {
    name: "dv",
    title: "Dataverse test",
    version: "0.0.1",
    apis: {
      dataverse: {
        resource: "dataverse",
        basePath: "/api/data/v9.2",
        paging: "odata",
        dynamic: "environment-url",
      },
    },
    defaultApi: "dataverse",
    operations: [
      {
        name: "whoami",
        title: "WhoAmI",
        description: "WhoAmI",
        method: "GET",
        path: "/WhoAmI",
        input: { x: z.string().optional() },
        access: "read",
      },
    ],
    permissions: { app: { resources: [] }, delegated: { resources: [] } },
  };

  it("only selects among ENTRA_MCP_DATAVERSE_URLS; an environment argument never supplies a host", async () => {
    session = await connect(
      t.env({
        ENTRA_MCP_DATAVERSE_URLS: "https://contoso.crm.dynamics.com,https://fabrikam.crm4.dynamics.com/",
      }),
      dataverse,
    );
    for (const environment of [
      "https://evil.example",
      "contoso.crm.dynamics.com.evil.example",
      "https://contoso.crm.dynamics.com@evil.example",
      "http://contoso.crm.dynamics.com",
      "https://127.0.0.1",
    ]) {
      const result = await session.call("whoami", { environment });
      expect(result.isError, environment).toBe(true);
      expect(result.text).toMatch(
        /is not one this server may call\. Allowed: https:\/\/contoso\.crm\.dynamics\.com, https:\/\/fabrikam\.crm4\.dynamics\.com/,
      );
    }
    const none = await session.call("whoami", {});
    expect(none.text).toMatch(/several environments are allowed; pass "environment"/);
    expect(t.emulator.requests()).toEqual([]);
  });

  it("rejects an ENTRA_MCP_DATAVERSE_URLS entry that is not an https origin", async () => {
    session = await connect(
      t.env({ ENTRA_MCP_DATAVERSE_URLS: "http://contoso.crm.dynamics.com" }),
      dataverse,
    );
    const result = await session.call("whoami", {});
    expect(result.text).toMatch(
      /ENTRA_MCP_DATAVERSE_URLS: "http:\/\/contoso\.crm\.dynamics\.com" is not an https:\/\/ environment URL/,
    );
  });
});
