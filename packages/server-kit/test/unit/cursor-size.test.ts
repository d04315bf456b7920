/**
 * A cursor must fit the cursor argument (MAX_CURSOR_LENGTH) even when its page URL is long: a
 * Dataverse FetchXML page URL carries the whole query plus the paging cookie.
 */
import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, MAX_CURSOR_LENGTH } from "../../src/tools/cursor.js";

const conditions = Array.from(
  { length: 120 },
  (_, i) => `<condition attribute="lastname" operator="ne" value="Excluded surname number ${i}" />`,
).join("");
const FETCH = `<fetch count="1000" page="3" paging-cookie="&lt;cookie page=&quot;2&quot;&gt;&lt;contactid last=&quot;{70BF4D48-34CB-ED11-B596-0022481D68CD}&quot; first=&quot;{49B0BE2E-D01C-ED11-B83E-000D3A572421}&quot; /&gt;&lt;/cookie&gt;"><entity name="contact"><attribute name="fullname" /><filter type="and">${conditions}</filter></entity></fetch>`;

describe("cursor size", () => {
  it("a FetchXML page URL of ~14,000 characters still gives a cursor within MAX_CURSOR_LENGTH that round-trips", () => {
    const url = new URL("https://contoso.crm.dynamics.com/api/data/v9.2/contacts");
    url.searchParams.set("fetchXml", FETCH);
    expect(url.href.length).toBeGreaterThan(12_000);
    const state = {
      api: "dataverse",
      environment: "https://contoso.crm.dynamics.com",
      url: url.href,
      skip: 0,
      headers: {
        Prefer:
          'odata.include-annotations="Microsoft.Dynamics.CRM.fetchxmlpagingcookie,Microsoft.Dynamics.CRM.morerecords"',
      },
      key: "k3yOfTheCursorStore",
    };
    const cursor = encodeCursor(state);
    expect(cursor.length).toBeLessThanOrEqual(MAX_CURSOR_LENGTH);
    expect(decodeCursor(cursor)).toEqual(state);
  });
});
