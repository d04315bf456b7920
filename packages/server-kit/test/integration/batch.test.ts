/**
 * The `batch` tool (an API with `batch`: Graph JSON batching) against the emulator's $batch: the
 * 20-request limit, ids and dependsOn, each item's answer, throttled reads retried alone after their
 * Retry-After, throttled writes never re-sent, writes only when enabled, URLs checked like `request`.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ApiDescription, ApiTarget } from "../../src/api-description.js";
import { type Connected, connect, dataOf } from "../support/connect.js";
import { testApi } from "../support/test-api.js";
import { startTestEmulator, type TestEmulator } from "../support/test-emulator.js";

const batching: ApiDescription = {
  ...testApi,
  apis: {
    ...testApi.apis,
    graph: { ...(testApi.apis.graph as ApiTarget), batch: { path: "/$batch", maxRequests: 20 } },
  },
};

interface Item {
  id: string;
  status: number;
  body?: Record<string, unknown> & { value?: unknown[] };
  retried?: boolean;
  throttled?: { retryAfterSeconds?: number; resent: boolean };
  nextPage?: string;
}

let t: TestEmulator;
let session: Connected | undefined;

beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(async () => {
  await t?.emulator.stop();
});
afterEach(async () => {
  await session?.close();
  session = undefined;
  t.emulator.clearFaults();
  t.emulator.clearRequests();
});

async function warm(extra: Record<string, string> = {}): Promise<Connected> {
  const connected = await connect(t.env(extra), batching);
  expect((await connected.call("get_organization")).isError).toBeFalsy();
  t.emulator.clearRequests();
  return connected;
}
const responsesOf = (result: Parameters<typeof dataOf>[0]) => (dataOf(result)?.responses ?? []) as Item[];
const graphRequests = (method?: string) =>
  t.emulator
    .requests({ origin: "graph", ...(method ? { method } : {}) })
    .map((r) => `${r.method} ${decodeURIComponent(r.path)}`);

describe("batch tool", () => {
  it("is registered only for a description whose API batches; read-only unless writes are enabled", async () => {
    const plain = await connect(t.env(), testApi);
    expect((await plain.client.listTools()).tools.map((tool) => tool.name)).not.toContain("batch");
    await plain.close();
    session = await connect(t.env(), batching);
    const tool = (await session.client.listTools()).tools.find((candidate) => candidate.name === "batch");
    expect(tool?.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
    expect(tool?.description).toContain("Up to 20");
  });

  it("one POST /$batch; each request's status and body in the caller's order; ids default to positions", async () => {
    session = await warm();
    const result = await session.call("batch", {
      requests: [
        { url: "/users?$top=2&$select=displayName" },
        { id: "org", url: "/organization" },
        { id: "missing", url: "/users/nobody@contoso.test" },
      ],
    });
    expect(result.isError, result.text).toBeFalsy();
    const items = responsesOf(result);
    expect(items.map((item) => [item.id, item.status])).toEqual([
      ["1", 200],
      ["org", 200],
      ["missing", 404],
    ]);
    expect(items[0]?.body?.value).toHaveLength(2);
    // The list's next page is handed over as a path for the request tool (OData noise stripped).
    expect(items[0]?.nextPage).toMatch(/^\/users\?.*\$skiptoken=/);
    expect(items[0]?.body).not.toHaveProperty("@odata.context");
    expect(dataOf(result)?.note).toContain(
      "2 of 3 requests succeeded; failed: missing (HTTP 404 Request_ResourceNotFound)",
    );
    expect(graphRequests("POST")).toEqual(["POST /v1.0/$batch"]);
  });

  it("more than 20 requests: a clear error, nothing sent", async () => {
    session = await warm();
    const requests = Array.from({ length: 21 }, () => ({ url: "/organization" }));
    const result = await session.call("batch", { requests });
    expect(result.isError).toBe(true);
    expect(result.text).toContain("21 requests, but a batch holds at most 20");
    expect(result.text).toContain("split them into several batch calls");
    expect(graphRequests()).toEqual([]);
    expect((await session.call("batch", { requests: requests.slice(0, 20) })).isError).toBeFalsy();
  });

  it("dependsOn: unknown ids, self-dependency and cycles are refused; a failed dependency gives 424", async () => {
    session = await warm();
    for (const [requests, expected] of [
      [[{ id: "a", url: "/users", dependsOn: ["z"] }], 'depends on "z", which is not in this batch'],
      [[{ id: "a", url: "/users", dependsOn: ["a"] }], "depends on itself"],
      [
        [
          { id: "a", url: "/users", dependsOn: ["b"] },
          { id: "b", url: "/users", dependsOn: ["a"] },
        ],
        "cycle (a -> b -> a)",
      ],
      [
        [
          { id: "a", url: "/users" },
          { id: "a", url: "/organization" },
        ],
        'id "a" is used twice',
      ],
    ] as const) {
      const result = await session.call("batch", { requests });
      expect(result.isError, JSON.stringify(requests)).toBe(true);
      expect(result.text).toContain(expected);
    }
    expect(graphRequests()).toEqual([]);
    const chained = await session.call("batch", {
      requests: [
        { id: "second", url: "/organization", dependsOn: ["first"] },
        { id: "first", url: "/groups/00000000-0000-0000-0000-000000000000" },
      ],
    });
    expect(responsesOf(chained).map((item) => [item.id, item.status])).toEqual([
      ["second", 424],
      ["first", 404],
    ]);
  });

  it("item URLs are checked like the request tool's paths, before any token is used", async () => {
    session = await warm();
    for (const [url, expected] of [
      ["https://evil.example/v1.0/users", "absolute URL"],
      ["//evil.example/users", '"//"'],
      ["/users/../../beta/users", '".." segments'],
      ["/v1.0/users", "drop the /v1.0 prefix"],
      ["/$batch", "cannot contain another batch"],
      ["users", 'must start with "/"'],
    ] as const) {
      const result = await session.call("batch", { requests: [{ url }] });
      expect(result.isError, url).toBe(true);
      expect(result.text, url).toContain(expected);
    }
    expect(graphRequests()).toEqual([]);
    expect(t.emulator.canaryHits()).toEqual([]);
  });

  it("a throttled read is retried alone after its Retry-After; the others are not re-sent", async () => {
    session = await warm();
    t.emulator.inject({ origin: "graph", path: "/v1.0/users?$top=1", status: 429, retryAfter: 1, count: 1 });
    const started = Date.now();
    const result = await session.call("batch", {
      requests: [
        { id: "users", url: "/users?$top=1" },
        { id: "org", url: "/organization" },
        { id: "after", url: "/organization?$select=id", dependsOn: ["users"] },
      ],
    });
    expect(result.isError, result.text).toBeFalsy();
    const items = responsesOf(result);
    expect(items.map((item) => [item.id, item.status, item.retried ?? false])).toEqual([
      ["users", 200, true],
      ["org", 200, false],
      // It got 424 behind the throttled request; once that succeeded it is a read, so it ran too.
      ["after", 200, true],
    ]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    // Inside the batch: users (429), org; then users alone and "after" alone; one POST only.
    expect(graphRequests().filter((r) => r.includes("/organization")).length).toBe(2);
    expect(graphRequests().filter((r) => r === "GET /v1.0/users?$top=1")).toHaveLength(2);
    expect(graphRequests("POST")).toEqual(["POST /v1.0/$batch"]);
    expect(dataOf(result)?.note).toContain("re-sent alone after throttling: users, after");
  });

  it("a Retry-After longer than the wait budget is reported, not waited for", async () => {
    session = await warm({ ENTRA_MCP_HTTP_MAX_WAIT_SECONDS: "2" });
    t.emulator.inject({ origin: "graph", path: "/v1.0/users?$top=1", status: 429, retryAfter: 30, count: 1 });
    const result = await session.call("batch", { requests: [{ id: "users", url: "/users?$top=1" }] });
    expect(result.isError, result.text).toBeFalsy();
    expect(responsesOf(result)[0]).toMatchObject({
      status: 429,
      throttled: { retryAfterSeconds: 30, resent: false },
    });
    expect(graphRequests("GET")).toEqual(["GET /v1.0/users?$top=1"]);
  });

  it("writes need ENTRA_MCP_ALLOW_WRITES=true (nothing is sent otherwise)", async () => {
    session = await warm();
    const result = await session.call("batch", {
      requests: [
        { url: "/organization" },
        { id: "w", method: "POST", url: "/groups", body: { displayName: "x" } },
      ],
    });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('request "w" is a POST');
    expect(result.text).toContain("ENTRA_MCP_ALLOW_WRITES=true");
    expect(graphRequests()).toEqual([]);
  });

  it("a throttled write is never re-sent: reported with its wait; a batch with a write is not re-posted", async () => {
    session = await warm({ ENTRA_MCP_ALLOW_WRITES: "true" });
    t.emulator.inject({
      origin: "graph",
      method: "POST",
      path: "/v1.0/groups",
      status: 429,
      retryAfter: 1,
      count: 1,
    });
    const result = await session.call("batch", {
      requests: [
        {
          id: "create",
          method: "POST",
          url: "/groups",
          body: { displayName: "Batch group", mailEnabled: false },
        },
        { id: "org", url: "/organization" },
      ],
    });
    expect(result.isError, result.text).toBeFalsy();
    const [create, org] = responsesOf(result);
    expect(create).toMatchObject({
      id: "create",
      status: 429,
      throttled: { retryAfterSeconds: 1, resent: false },
    });
    expect(create?.retried).toBeUndefined();
    expect(org?.status).toBe(200);
    expect(graphRequests("POST")).toEqual(["POST /v1.0/groups", "POST /v1.0/$batch"]);
    expect(dataOf(result)?.note).toContain("check whether a throttled write took effect");
    // The whole batch throttled: reads only are re-posted, a batch holding a write is not.
    t.emulator.clearRequests();
    t.emulator.inject({
      origin: "graph",
      method: "POST",
      path: "/v1.0/$batch",
      status: 429,
      retryAfter: 1,
      count: 1,
    });
    const withWrite = await session.call("batch", {
      requests: [{ id: "create", method: "POST", url: "/groups", body: { displayName: "x" } }],
    });
    expect(withWrite.isError).toBe(true);
    expect(withWrite.text).toContain("not retried");
    expect(graphRequests("POST")).toEqual(["POST /v1.0/$batch"]);
    t.emulator.clearRequests();
    t.emulator.inject({
      origin: "graph",
      method: "POST",
      path: "/v1.0/$batch",
      status: 429,
      retryAfter: 1,
      count: 1,
    });
    const readsOnly = await session.call("batch", { requests: [{ url: "/organization" }] });
    expect(readsOnly.isError, readsOnly.text).toBeFalsy();
    expect(graphRequests("POST")).toEqual(["POST /v1.0/$batch", "POST /v1.0/$batch"]);
  });
});
