/**
 * nextLinks the API hands back are followed only while they make progress and stay under the API's
 * base path: a link that repeats a page of this listing (the same URL, or A -> B -> A) ends the walk
 * with a note, and a link on the API's origin but outside its base path is refused like a foreign host
 * (the token is never sent there). Served by a local HTTPS server standing in for Graph.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Connected, connect } from "../support/connect.js";
import { json, startHttpsServer, type TestHttpsServer } from "../support/https-server.js";
import { startTestEmulator, type TestEmulator } from "../support/test-emulator.js";

let t: TestEmulator;
let api: TestHttpsServer;
let session: Connected | undefined;

const user = (id: string) => ({ id, displayName: `User ${id}`, userPrincipalName: `${id}@contoso.test` });

beforeAll(async () => {
  t = await startTestEmulator();
  api = await startHttpsServer((req, res) => {
    const url = new URL(req.url ?? "/", api.url);
    const filter = url.searchParams.get("$filter");
    const token = url.searchParams.get("$skiptoken");
    if (url.pathname === "/v1.0/users") {
      // The same URL again: page 1 links to itself.
      if (filter === "self") return json(res, 200, { value: [user("s1")], "@odata.nextLink": url.href });
      // A -> B -> A.
      if (filter === "aba" && !token) {
        return json(res, 200, {
          value: [user("a1")],
          "@odata.nextLink": `${api.url}/v1.0/users?$filter=aba&$skiptoken=B`,
        });
      }
      if (filter === "aba" && token === "B") {
        return json(res, 200, {
          value: [user("b1")],
          "@odata.nextLink": `${api.url}/v1.0/users?$filter=aba`,
        });
      }
      // Same origin, outside the base path /v1.0 (several spellings of "outside").
      const outside: Record<string, string> = {
        beta: `${api.url}/beta/users?$skiptoken=x`,
        sibling: `${api.url}/v1.0evil/users?$skiptoken=x`,
        dotdot: `${api.url}/v1.0/%2e%2e/beta/users?$skiptoken=x`,
        root: "/users?$skiptoken=x",
      };
      const link = filter ? outside[filter] : undefined;
      if (link) return json(res, 200, { value: [user("o1")], "@odata.nextLink": link });
      return json(res, 200, { value: [user("u1"), user("u2")] });
    }
    json(res, 404, { error: { code: "Request_ResourceNotFound", message: `no ${url.pathname}` } });
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

// The test description's Graph API served by the local server (the token audience stays Graph's).
const env = () =>
  t.env({
    ENTRA_MCP_CLOUD: t.cloudWith({ graph: { endpoint: api.url, audience: "https://graph.microsoft.com" } }),
  });

interface Listing {
  value: { id: string }[];
  note?: string;
  nextCursor?: string;
}

describe("nextLink cycles", () => {
  it("stops when a page links to itself, without duplicates, and says so", async () => {
    session = await connect(env());
    const result = await session.call("list_users", { filter: "self" });
    expect(result.isError, result.text).toBeFalsy();
    const content = result.structuredContent as unknown as Listing;
    expect(content.value.map((u) => u.id)).toEqual(["s1"]);
    expect(content.note).toMatch(/the next-page link repeats a page already fetched in this listing/);
    expect(content.nextCursor).toBeUndefined();
    expect(api.requests).toHaveLength(1);
  });

  it("stops on A -> B -> A after B, without refetching A", async () => {
    session = await connect(env());
    const result = await session.call("list_users", { filter: "aba" });
    expect(result.isError, result.text).toBeFalsy();
    const content = result.structuredContent as unknown as Listing;
    expect(content.value.map((u) => u.id)).toEqual(["a1", "b1"]);
    expect(content.note).toMatch(/repeats a page already fetched/);
    expect(content.nextCursor).toBeUndefined();
    expect(api.requests.map((r) => r.path)).toEqual([
      "/v1.0/users?$filter=aba",
      "/v1.0/users?$filter=aba&$skiptoken=B",
    ]);
  });
});

describe("nextLink cycles across cursor calls", () => {
  it("the cursor remembers the pages of its listing: A -> B -> A over two calls stops at B", async () => {
    session = await connect({ ...env(), ENTRA_MCP_MAX_PAGES: "1" });
    const first = (await session.call("list_users", { filter: "aba" }))
      .structuredContent as unknown as Listing;
    expect(first.value.map((u) => u.id)).toEqual(["a1"]);
    expect(first.nextCursor).toBeTruthy();
    const second = (await session.call("list_users", { cursor: first.nextCursor }))
      .structuredContent as unknown as Listing;
    expect(second.value.map((u) => u.id)).toEqual(["b1"]);
    expect(second.note).toMatch(/repeats a page already fetched in this listing/);
    expect(second.nextCursor).toBeUndefined();
    expect(api.requests).toHaveLength(2);
  });
});

describe("nextLinks outside the API's base path", () => {
  it.each(["beta", "sibling", "dotdot", "root"])(
    "refuses a same-origin nextLink outside /v1.0 (%s) like a foreign host",
    async (filter) => {
      session = await connect(env());
      const result = await session.call("list_users", { filter });
      expect(result.isError, result.text).toBeFalsy();
      const content = result.structuredContent as unknown as Listing;
      expect(content.value.map((u) => u.id)).toEqual(["o1"]);
      expect(content.note).toMatch(
        /next-page link was not followed: refused to call https:\/\/127\.0\.0\.1:\d+\/.*: tokens for Microsoft Graph are sent only to paths under https:\/\/127\.0\.0\.1:\d+\/v1\.0/,
      );
      expect(content.nextCursor).toBeUndefined();
      // Only the first page was requested: the token never went outside the base path.
      expect(api.requests).toHaveLength(1);
      expect(api.requests.every((r) => r.path.startsWith("/v1.0/users"))).toBe(true);
    },
  );
});
