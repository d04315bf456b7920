/**
 * FetchXML past one 5,000-row page, end to end: the BUILT server asks for the paging annotations,
 * reads morerecords and the paging cookie, and requests the next page with page="n+1" and the
 * decoded cookie on the fetch element, within the paging caps, returning a cursor when capped.
 * (Before: it followed only @odata.nextLink, which FetchXML never has, so rows past 5,000 were lost.)
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
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
const EXTRA_CONTACTS = 5010;
// The sandbox seeds one contact of its own.
const CONTACTS = EXTRA_CONTACTS + 1;
const ALL_CONTACTS =
  '<fetch><entity name="contact"><attribute name="fullname"/><order attribute="fullname"/></entity></fetch>';

let t: TestEmulator;
beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npx turbo run build\` first.`);
  t = await startTestEmulator();
  const sandbox = t.emulator.dataverse[1];
  for (let i = 0; i < EXTRA_CONTACTS; i += 1) {
    sandbox?.addRecord("contact", { fullname: `Bulk ${String(i).padStart(5, "0")}`, lastname: "Bulk" });
  }
});
afterAll(async () => t?.emulator.stop());
beforeEach(() => t.emulator.clearRequests());

/** The fetchXml of each contacts request the sandbox saw, in order. */
const fetchesSent = () =>
  t.emulator
    .requests({ origin: "dataverse2" })
    .filter((entry) => entry.path.includes("/contacts?"))
    .map((entry) => new URL(entry.path, "https://x").searchParams.get("fetchXml") ?? "");

describe("dataverse_query with FetchXML past 5,000 rows (built bin over stdio)", () => {
  it("follows the paging cookie to page 2 and returns every row", async () => {
    const env = t.appEnv({
      ENTRA_MCP_MAX_ITEMS: "10000",
      ENTRA_MCP_MAX_RESULT_BYTES: String(10 * 1024 * 1024),
    });
    await withChildServer(BIN, env, async (server) => {
      const result = await call(server, "dataverse_query", {
        environment: t.emulator.urls.dataverse2,
        entitySet: "contacts",
        fetchXml: ALL_CONTACTS,
      });
      expect(result.isError, textOf(result)).toBeFalsy();
      const rows = valuesOf(result);
      expect(rows).toHaveLength(CONTACTS);
      expect(new Set(rows.map((row) => row.contactid)).size).toBe(CONTACTS);
      expect(dataOf(result)?.nextCursor).toBeUndefined();
      // The paging annotations are the cursor's business, not the model's.
      expect(JSON.stringify(dataOf(result))).not.toContain("fetchxmlpagingcookie");
    });
    const sent = fetchesSent();
    expect(sent).toHaveLength(2);
    expect(sent[0]).toBe(ALL_CONTACTS);
    expect(sent[1]).toMatch(/^<fetch page="2" paging-cookie="&lt;cookie page=&quot;1&quot;&gt;/);
  });

  it("stops at ENTRA_MCP_MAX_PAGES with a cursor that continues at the next page", async () => {
    const env = t.appEnv({
      ENTRA_MCP_MAX_ITEMS: "10000",
      ENTRA_MCP_MAX_PAGES: "2",
      ENTRA_MCP_MAX_RESULT_BYTES: String(10 * 1024 * 1024),
    });
    const pageOf1000 = ALL_CONTACTS.replace("<fetch>", '<fetch count="1000">');
    await withChildServer(BIN, env, async (server) => {
      const ids = new Set<unknown>();
      let cursor: string | undefined;
      let calls = 0;
      do {
        const result = await call(server, "dataverse_query", {
          environment: t.emulator.urls.dataverse2,
          entitySet: "contacts",
          fetchXml: pageOf1000,
          ...(cursor ? { cursor } : {}),
        });
        expect(result.isError, textOf(result)).toBeFalsy();
        const rows = valuesOf(result);
        // Two pages of 1,000 per call, the last call the remainder.
        expect(rows.length).toBe(Math.min(2000, CONTACTS - ids.size));
        for (const row of rows) ids.add(row.contactid);
        cursor = dataOf(result)?.nextCursor as string | undefined;
        calls += 1;
      } while (cursor && calls < 10);
      expect(calls).toBe(3);
      expect(ids.size).toBe(CONTACTS);
    });
    const pages = fetchesSent().map((xml) => /page="(\d+)"/.exec(xml)?.[1] ?? "1");
    expect(pages).toEqual(["1", "2", "3", "4", "5", "6"]);
  });

  it("a long FetchXML (its page URL far past the cursor limit) still gives usable cursors", async () => {
    const env = t.appEnv({ ENTRA_MCP_MAX_ITEMS: "10000", ENTRA_MCP_MAX_PAGES: "1" });
    const conditions = Array.from(
      { length: 60 },
      (_, i) => `<condition attribute="lastname" operator="ne" value="Excluded surname number ${i}" />`,
    ).join("");
    const long = `<fetch count="2500"><entity name="contact"><attribute name="fullname"/><order attribute="fullname"/><filter type="and">${conditions}</filter></entity></fetch>`;
    expect(encodeURIComponent(long).length).toBeGreaterThan(7000);
    await withChildServer(BIN, env, async (server) => {
      let cursor: string | undefined;
      let rows = 0;
      for (let call_ = 0; call_ < 50; call_ += 1) {
        const result = await call(server, "dataverse_query", {
          environment: t.emulator.urls.dataverse2,
          entitySet: "contacts",
          fetchXml: long,
          ...(cursor ? { cursor } : {}),
        });
        expect(result.isError, textOf(result)).toBeFalsy();
        rows += valuesOf(result).length;
        cursor = dataOf(result)?.nextCursor as string | undefined;
        if (!cursor) break;
        expect(cursor.length).toBeLessThanOrEqual(6000);
      }
      expect(rows).toBe(CONTACTS);
    });
    // Three pages of 2,500 (the byte budget cuts each; the cursor store holds the rest).
    expect(new Set(fetchesSent().map((xml) => /page="(\d+)"/.exec(xml)?.[1] ?? "1"))).toEqual(
      new Set(["1", "2", "3"]),
    );
  });
});
