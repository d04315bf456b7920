/** Operation tools against the emulator's Graph: data, output shaping, modes, lookups, auth_status. */
import { RESOURCE_APP_IDS } from "@entra-mcp/emulator";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Connected, connect, dataOf } from "../support/connect.js";
import { startTestEmulator, type TestEmulator } from "../support/test-emulator.js";

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
});

describe("operation tools", () => {
  it("list_users returns the seeded users as structured content without OData noise", async () => {
    session = await connect(t.env());
    const result = await session.call("list_users");
    expect(result.isError).toBeFalsy();
    const value = (dataOf(result) as { value: { displayName: string }[] }).value;
    expect(value.map((u) => u.displayName)).toEqual(expect.arrayContaining(["Adele Vance", "Megan Bowen"]));
    expect(result.text).not.toMatch(/@odata\.context|@odata\.etag/);
    expect(JSON.stringify(dataOf(result))).not.toMatch(/@odata/);
    // The emulator saw one Graph call with a Graph token, after one Key Vault read.
    const graph = t.emulator.requests({ origin: "graph" });
    expect(graph.map((r) => [r.method, r.path, r.aud])).toEqual([
      ["GET", "/v1.0/users", "https://graph.microsoft.com"],
    ]);
  });

  it("follows nextLink paging and stops at the page cap with a cursor that continues", async () => {
    session = await connect(t.env({ ENTRA_MCP_MAX_PAGES: "1" }));
    t.emulator.clearRequests();
    const first = await session.call("list_users", { pageSize: 1 });
    expect(first.isError).toBeFalsy();
    const firstContent = dataOf(first) as {
      value: { id: string }[];
      nextCursor?: string;
      note?: string;
    };
    expect(firstContent.value).toHaveLength(1);
    expect(firstContent.note).toMatch(/stopped after 1 pages/);
    expect(firstContent.nextCursor).toBeTruthy();
    const second = await session.call("list_users", { cursor: firstContent.nextCursor });
    const secondContent = dataOf(second) as { value: { id: string }[] };
    expect(secondContent.value).toHaveLength(1);
    expect(secondContent.value[0]?.id).not.toBe(firstContent.value[0]?.id);
    expect(t.emulator.requests({ origin: "graph" }).map((r) => decodeURIComponent(r.path))).toEqual([
      "/v1.0/users?$top=1",
      expect.stringMatching(/^\/v1\.0\/users\?.*\$skiptoken=/),
    ]);
  });

  it("follows every page within the caps", async () => {
    session = await connect(t.env());
    const users = t.emulator.directory.listUsers().length;
    t.emulator.clearRequests();
    const result = await session.call("list_users", { pageSize: Math.ceil(users / 3) });
    const content = dataOf(result) as { value: unknown[]; nextCursor?: string };
    expect(content.value.length).toBe(users);
    expect(t.emulator.requests({ origin: "graph" }).length).toBe(3);
    expect(content.nextCursor).toBeUndefined();
  });

  it("`top` is a limit across pages: exactly that many items, the rest behind a cursor", async () => {
    session = await connect(t.env());
    t.emulator.clearRequests();
    const result = await session.call("list_users", { top: 3, pageSize: 2 });
    const content = dataOf(result) as { value: unknown[]; nextCursor?: string; note?: string };
    expect(content.value).toHaveLength(3);
    expect(content.note).toMatch(/stopped at the requested 3 items/);
    expect(content.nextCursor).toBeTruthy();
    expect(t.emulator.requests({ origin: "graph" })).toHaveLength(2);
  });

  it("cuts a list to the byte budget, says so, and continues from the cut with the cursor", async () => {
    for (let i = 0; i < 60; i++) {
      t.emulator.directory.addUser({
        upn: `bulk${i}@contoso.example`,
        displayName: `Bulk User ${i} ${"x".repeat(150)}`,
      });
    }
    session = await connect(t.env({ ENTRA_MCP_MAX_RESULT_BYTES: "4096" }));
    const first = await session.call("list_users");
    const content = dataOf(first) as {
      value: { id: string }[];
      nextCursor?: string;
      note?: string;
    };
    expect(Buffer.byteLength(JSON.stringify(dataOf(first)))).toBeLessThanOrEqual(4096);
    expect(content.note).toMatch(/cut to fit the 4 KB result budget/);
    expect(content.nextCursor).toBeTruthy();
    const seen = new Set(content.value.map((u) => u.id));
    let cursor = content.nextCursor;
    for (let round = 0; cursor && round < 50; round++) {
      const next = await session.call("list_users", { cursor });
      const page = dataOf(next) as { value: { id: string }[]; nextCursor?: string };
      for (const u of page.value) {
        expect(seen.has(u.id)).toBe(false);
        seen.add(u.id);
      }
      cursor = page.nextCursor;
    }
    expect(seen.size).toBe(t.emulator.directory.listUsers().length);
  });

  it("resolves a display name to an ID with one lookup GET", async () => {
    session = await connect(t.env());
    t.emulator.clearRequests();
    const result = await session.call("get_user", { userId: "megan bowen" });
    expect(result.isError).toBeFalsy();
    expect(dataOf(result)).toMatchObject({ displayName: "Megan Bowen" });
    const paths = t.emulator.requests({ origin: "graph" }).map((r) => r.path);
    expect(paths).toHaveLength(2);
    expect(paths[0]).toBe("/v1.0/users");
    expect(paths[1]).toMatch(/^\/v1\.0\/users\/[0-9a-f-]{36}$/);
  });

  it("explains a name that matches nothing, listing candidates", async () => {
    session = await connect(t.env());
    const result = await session.call("get_user", { userId: "Nobody Here" });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/no item named "Nobody Here" for userId\. Candidates: .*Adele Vance \(/);
  });

  it("explains an ambiguous name", async () => {
    t.emulator.directory.addUser({ upn: "adele2@contoso.example", displayName: "Adele Vance" });
    session = await connect(t.env());
    const result = await session.call("get_user", { userId: "Adele Vance" });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(
      /matches 2 items for userId: Adele Vance \(.*\), Adele Vance \(.*\)\. Fix: pass the ID/,
    );
  });

  it("refuses a delegated-only operation in app mode before asking for a token", async () => {
    session = await connect(t.env());
    t.emulator.clearRequests();
    const result = await session.call("get_me");
    expect(result.isError).toBe(true);
    expect(result.text).toBe(
      "get_me: get_me needs delegated mode: set ENTRA_MCP_AUTH_MODE=delegated (this server runs in app-only mode).",
    );
    expect(t.emulator.requests()).toEqual([]);
  });

  it("returns API errors with the API's code and message", async () => {
    session = await connect(t.env());
    const result = await session.call("request", { path: "/users/00000000-0000-0000-0000-00000000dead" });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(
      /Microsoft Graph answered HTTP 404 Request_ResourceNotFound: Resource '.*' does not exist/,
    );
  });

  it("request: calls a path relative to the API base", async () => {
    session = await connect(t.env());
    const result = await session.call("request", { method: "GET", path: "/organization" });
    expect(result.isError).toBeFalsy();
    expect((dataOf(result) as { value: { displayName: string }[] }).value[0]?.displayName).toBeTruthy();
  });

  it("auth_status shows mode, principal and the token's claims, never the token", async () => {
    session = await connect(t.env());
    const result = await session.call("auth_status");
    expect(result.isError).toBeFalsy();
    const content = dataOf(result) as {
      auth: { mode: string; principal: { type: string } };
      token: { aud: string; roles: string[]; expiresOn: string; identityType: string };
    };
    expect(content.auth.mode).toBe("app");
    expect(content.auth.principal.type).toBe("application");
    expect(content.token.aud).toBe("https://graph.microsoft.com");
    expect(content.token.identityType).toBe("app");
    expect(content.token.roles).toContain("User.Read.All");
    expect(Date.parse(content.token.expiresOn)).toBeGreaterThan(Date.now());
    expect(result.text).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
  });

  it("turns auth-core config errors into isError with the fix", async () => {
    session = await connect(t.env({ ENTRA_MCP_TENANT_ID: "not a tenant!" }));
    const result = await session.call("list_users");
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/^list_users: ENTRA_MCP_TENANT_ID: .* Fix: /);
  });

  it("turns auth-core token errors into isError with the code's fix", async () => {
    session = await connect(t.env({ ENTRA_MCP_CERT_NAME: "no-such-cert" }));
    t.emulator.clearRequests();
    const result = await session.call("list_users");
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/Fix: /);
    expect(result._meta?.["entra-mcp/error"]).toMatchObject({
      code: expect.stringMatching(/CERTIFICATE|VAULT/),
    });
    // No Graph call went out without a token, and none with one either: the token never came.
    expect(t.emulator.requests({ origin: "graph" })).toEqual([]);
  });

  it("says which permission is missing on 403, comparing with the token's roles", async () => {
    const { clientId } = t.emulator.tenant;
    // Every role of the seeded app that reads /users (the seed also holds User.ReadBasic.All and Directory.Read.All).
    const userReaders = ["User.Read.All", "User.ReadBasic.All", "Directory.Read.All"];
    t.emulator.directory.revokeAppRoles(clientId, RESOURCE_APP_IDS.graph, userReaders);
    try {
      session = await connect(t.env());
      const result = await session.call("list_users");
      expect(result.isError).toBe(true);
      expect(result.text).toMatch(
        /Microsoft Graph answered HTTP 403 Authorization_RequestDenied: Insufficient privileges to complete the operation\. Needs application permission User\.Read\.All or Directory\.Read\.All \(app-only\) or delegated User\.ReadBasic\.All or User\.Read\.All; the token \(app-only\) has roles: .*Group\.Read\.All.* Fix: grant the application permission/,
      );
      expect(result.text).not.toMatch(/roles: [^;]*User\.Read\.All/);
    } finally {
      t.emulator.directory.grantAppRoles(clientId, RESOURCE_APP_IDS.graph, userReaders);
    }
  });
});
