/**
 * End to end for mail under Mail.ReadBasic, the `content` preset (calendar view, drive and site search)
 * and the `batch` tool: the BUILT bin over stdio, driven by the MCP SDK Client, against the emulator.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { SAMPLE } from "@entra-mcp/emulator";
import {
  callTool as call,
  dataOf,
  startTestEmulator,
  type TestEmulator,
  textOf,
  valuesOf,
  withChildServer,
} from "@entra-mcp/test-support";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../dist/package/dist/launch.mjs", import.meta.url));
const GRAPH_APP = "00000003-0000-0000-c000-000000000000";
const GRAPH_AUDIENCE = "https://graph.microsoft.com";
const DAY = 86_400_000;
const today = Math.floor(Date.now() / DAY) * DAY;
const iso = (days: number) => new Date(today + days * DAY).toISOString();

interface Item {
  id: string;
  status: number;
  body?: Record<string, unknown>;
  retried?: boolean;
  throttled?: { retryAfterSeconds?: number; resent: boolean };
}
const itemsOf = (result: Parameters<typeof dataOf>[0]) => (dataOf(result)?.responses ?? []) as Item[];
const names = (result: Parameters<typeof valuesOf>[0]) =>
  valuesOf(result).map((v) => v.name ?? v.displayName ?? v.subject);

let t: TestEmulator;
beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npx turbo run build\` first.`);
  t = await startTestEmulator();
});
afterAll(async () => t?.emulator.stop());
beforeEach(() => {
  t.emulator.clearRequests();
  t.emulator.clearFaults();
});

describe("entra-mcp-graph content and batch (built bin) against the emulator", () => {
  it("delegated with Mail.ReadBasic only: list_messages' default fields work; search says it needs more", async () => {
    const { clientId } = t.emulator.tenant;
    t.emulator.directory.revokeDelegated(clientId, GRAPH_APP, ["Mail.Read"]);
    try {
      await withChildServer(BIN, t.delegatedEnv(), async (server) => {
        const inbox = await call(server, "list_messages", { top: 3 });
        expect(inbox.isError, textOf(inbox)).toBeFalsy();
        const messages = valuesOf(inbox);
        expect(messages).toHaveLength(3);
        expect(messages[0]).toHaveProperty("subject");
        expect(messages[0]).toHaveProperty("from");
        const searched = await call(server, "list_messages", { search: "subject:budget" });
        expect(searched.isError).toBe(true);
        expect(textOf(searched)).toContain("403 ErrorAccessDenied");
        // Graph's 403 with the token's scopes: Mail.ReadBasic and no Mail.Read (the tool says search needs it).
        expect(textOf(searched)).toContain("Mail.ReadBasic, Mail.Send");
      });
      // The default $select asks only for what Mail.ReadBasic covers.
      const listed = decodeURIComponent(t.emulator.requests({ origin: "graph" })[0]?.path ?? "");
      expect(listed).toContain(
        "$select=subject,from,receivedDateTime,isRead,hasAttachments,importance,webLink",
      );
    } finally {
      t.emulator.directory.grantDelegated(clientId, GRAPH_APP, ["Mail.Read"]);
    }
  });

  it("delegated: KQL search on the inbox; the content preset's calendar view, OneDrive and library search", async () => {
    await withChildServer(BIN, t.delegatedEnv({ ENTRA_MCP_TOOLS: "content" }), async (server) => {
      const found = await call(server, "list_messages", { search: "subject:budget OR subject:lunch" });
      expect(found.isError, textOf(found)).toBeFalsy();
      expect(
        valuesOf(found)
          .map((m) => m.subject)
          .sort(),
      ).toEqual(["Budget review meeting", "Team lunch on Friday"]);
      const mixed = await call(server, "list_messages", { search: "budget", filter: "isRead eq false" });
      expect(mixed.isError).toBe(true);
      expect(textOf(mixed)).toContain("'$filter' is not supported with '$search'");

      const week = await call(server, "get_my_calendar_view", { start: iso(0), end: iso(7) });
      expect(week.isError, textOf(week)).toBeFalsy();
      expect(names(week)).toEqual([
        "Q3 forecast review",
        "1:1 with Megan",
        "Planogram workshop",
        "Vendor onboarding",
        "Holiday staffing plan",
        "Budget review",
      ]);
      // The default fields: no bodies (Calendars.ReadBasic is enough).
      expect(Object.keys(valuesOf(week)[0] ?? {}).sort()).toEqual(
        ["end", "id", "isOnlineMeeting", "location", "organizer", "showAs", "start", "subject"].sort(),
      );
      const paged = await call(server, "get_my_calendar_view", { start: iso(-7), end: iso(30), top: 3 });
      expect(valuesOf(paged)).toHaveLength(3);
      expect(dataOf(paged)?.nextCursor).toEqual(expect.any(String));
      const next = await call(server, "get_my_calendar_view", {
        start: iso(-7),
        end: iso(30),
        cursor: dataOf(paged)?.nextCursor,
      });
      expect(next.isError, textOf(next)).toBeFalsy();
      expect(names(next)).not.toContain(names(paged)[0]);

      const files = await call(server, "search_my_files", { query: "forecast" });
      expect(files.isError, textOf(files)).toBeFalsy();
      expect(names(files)).toEqual(["Q3 retail forecast.xlsx"]);
      // An apostrophe is doubled inside q='...', not allowed to close the literal.
      const quoted = await call(server, "search_my_files", { query: "adele's plan" });
      expect(quoted.isError, textOf(quoted)).toBeFalsy();
      const own = await call(server, "search_drive", {
        driveId: SAMPLE.graph.content.adeleDrive.id,
        query: "budget",
      });
      expect(names(own)).toEqual(["Budget 2026 draft.xlsx"]);
      const sites = await call(server, "search_sites", { query: "retail" });
      expect(valuesOf(sites).map((site) => site.displayName)).toEqual(["Retail"]);
    });
    const paths = t.emulator.requests({ origin: "graph" }).map((r) => decodeURIComponent(r.path));
    expect(paths).toContain(
      "/v1.0/me/drive/root/search(q='adele''s plan')?$select=id,name,size,webUrl,lastModifiedDateTime,parentReference,file,folder",
    );
    t.expectTraffic({ graph: GRAPH_AUDIENCE }, 0);
  });

  it("app-only: a user's calendar view, any drive, sites; the /me tools explain they need delegated mode", async () => {
    await withChildServer(BIN, t.appEnv({ ENTRA_MCP_TOOLS: "content" }), async (server) => {
      const view = await call(server, "get_calendar_view", {
        userId: t.emulator.tenant.user.upn,
        start: iso(0),
        end: iso(7),
      });
      expect(view.isError, textOf(view)).toBeFalsy();
      expect(valuesOf(view)).toHaveLength(6);
      const missingWindow = await call(server, "get_calendar_view", { userId: t.emulator.tenant.user.upn });
      expect(missingWindow.isError).toBe(true);
      const library = await call(server, "search_drive", {
        driveId: SAMPLE.graph.content.retailDrive.id,
        query: "inventory",
      });
      expect(names(library)).toEqual(["Inventory discrepancy SLC.xlsx"]);
      const all = await call(server, "search_sites", { query: "*" });
      expect(
        valuesOf(all)
          .map((site) => site.displayName)
          .sort(),
      ).toEqual(["Finance", "Retail", "Sales and Marketing"]);
      const mine = await call(server, "get_my_calendar_view", { start: iso(0), end: iso(7) });
      expect(mine.isError).toBe(true);
      expect(textOf(mine)).toContain("ENTRA_MCP_AUTH_MODE=delegated");
    });
  });

  it("batch (default list): reads in one POST /$batch, each item's answer; over 20 and writes refused first", async () => {
    await withChildServer(BIN, t.appEnv(), async (server) => {
      const tools = (await server.client.listTools()).tools.map((tool) => tool.name);
      expect(tools).toContain("batch");
      expect(tools).not.toContain("search_drive");
      const result = await call(server, "batch", {
        requests: [
          { id: "me", url: `/users/${t.emulator.tenant.user.upn}?$select=displayName` },
          { id: "groups", url: "/groups?$top=2&$select=displayName" },
          { id: "nobody", url: "/users/nobody@contoso.test" },
        ],
      });
      expect(result.isError, textOf(result)).toBeFalsy();
      const [me, groups, nobody] = itemsOf(result);
      expect(me).toMatchObject({ id: "me", status: 200, body: { displayName: "Adele Vance" } });
      expect(groups?.body?.value).toHaveLength(2);
      expect(nobody?.status).toBe(404);
      expect(t.emulator.requests({ origin: "graph", method: "POST" }).map((r) => r.path)).toEqual([
        "/v1.0/$batch",
      ]);
      t.emulator.clearRequests();
      const tooMany = await call(server, "batch", {
        requests: Array.from({ length: 21 }, () => ({ url: "/organization" })),
      });
      expect(tooMany.isError).toBe(true);
      expect(textOf(tooMany)).toContain("at most 20");
      const write = await call(server, "batch", { requests: [{ method: "POST", url: "/me/sendMail" }] });
      expect(write.isError).toBe(true);
      expect(textOf(write)).toContain("ENTRA_MCP_ALLOW_WRITES=true");
      expect(t.emulator.requests({ origin: "graph" })).toEqual([]);
    });
  });

  it("batch: a throttled read is retried alone; a throttled sendMail is never re-sent", async () => {
    const env = t.delegatedEnv({ ENTRA_MCP_ALLOW_WRITES: "true" });
    await withChildServer(BIN, env, async (server) => {
      expect((await call(server, "get_me")).isError).toBeFalsy();
      t.emulator.clearRequests();
      t.emulator.inject({ origin: "graph", path: "/v1.0/me/messages", status: 429, retryAfter: 1, count: 1 });
      t.emulator.inject({
        origin: "graph",
        method: "POST",
        path: "/v1.0/me/sendMail",
        status: 429,
        retryAfter: 2,
        count: 1,
      });
      const domain = t.emulator.tenant.user.upn.split("@")[1];
      const result = await call(server, "batch", {
        requests: [
          { id: "inbox", url: "/me/messages?$top=2&$select=subject" },
          {
            id: "send",
            method: "POST",
            url: "/me/sendMail",
            body: {
              message: {
                subject: "batched",
                body: { content: "hi" },
                toRecipients: [{ emailAddress: { address: `megan@${domain}` } }],
              },
            },
          },
        ],
      });
      expect(result.isError, textOf(result)).toBeFalsy();
      const [inbox, send] = itemsOf(result);
      expect(inbox).toMatchObject({ status: 200, retried: true });
      expect(send).toMatchObject({ status: 429, throttled: { retryAfterSeconds: 2, resent: false } });
      expect(textOf(result)).toContain("check whether a throttled write took effect");
    });
    expect(t.emulator.requests({ origin: "graph", method: "POST", path: "/v1.0/me/sendMail" })).toHaveLength(
      1,
    );
    expect(t.emulator.sentMail().filter((mail) => mail.subject === "batched")).toEqual([]);
    expect(t.emulator.requests({ origin: "graph", method: "GET", path: "/v1.0/me/messages" })).toHaveLength(
      2,
    );
  });
});
