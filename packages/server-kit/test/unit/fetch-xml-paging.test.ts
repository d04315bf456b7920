/** FetchXML paging: the next page's URL from a page's morerecords and paging-cookie annotations. */
import { describe, expect, it } from "vitest";
import { fetchXmlNextLink } from "../../src/http/fetch-xml-paging.js";
import { cleanOData } from "../../src/output/clean-odata.js";

const BASE = "https://contoso.crm.dynamics.com/api/data/v9.2/contacts";
const urlFor = (fetchXml: string) => {
  const url = new URL(BASE);
  url.searchParams.set("fetchXml", fetchXml);
  return url;
};
const fetchOf = (href: string | undefined) => new URL(href ?? "about:blank").searchParams.get("fetchXml");

// The annotation exactly as the Web API documentation shows it (pagingcookie URL-encoded twice).
const COOKIE_ANNOTATION =
  '<cookie pagenumber="2" pagingcookie="%253ccookie%2520page%253d%25221%2522%253e%253ccontactid%2520last%253d%2522%257b70BF4D48-34CB-ED11-B596-0022481D68CD%257d%2522%2520first%253d%2522%257b49B0BE2E-D01C-ED11-B83E-000D3A572421%257d%2522%2520%252f%253e%253c%252fcookie%253e" istracking="False" />';
const DECODED =
  '<cookie page="1"><contactid last="{70BF4D48-34CB-ED11-B596-0022481D68CD}" first="{49B0BE2E-D01C-ED11-B83E-000D3A572421}" /></cookie>';

describe("fetchXmlNextLink", () => {
  it("sets page to the cookie's pagenumber and paging-cookie to the twice-decoded cookie, keeping the rest", () => {
    const query =
      "<fetch count='3' page='1'>\n<entity name='contact'><attribute name='fullname'/></entity>\n</fetch>";
    const next = fetchXmlNextLink(urlFor(query), {
      "@Microsoft.Dynamics.CRM.fetchxmlpagingcookie": COOKIE_ANNOTATION,
      "@Microsoft.Dynamics.CRM.morerecords": true,
      value: [],
    });
    const xml = fetchOf(next) ?? "";
    expect(xml).toMatch(/^<fetch count="3" page="2" paging-cookie="&lt;cookie page=&quot;1&quot;&gt;/);
    expect(xml.endsWith("\n<entity name='contact'><attribute name='fullname'/></entity>\n</fetch>")).toBe(
      true,
    );
    // Reading the attribute back (XML-unescaped) gives the decoded cookie exactly.
    const attribute = /paging-cookie="([^"]*)"/.exec(xml)?.[1] ?? "";
    expect(
      attribute
        .replaceAll("&lt;", "<")
        .replaceAll("&gt;", ">")
        .replaceAll("&quot;", '"')
        .replaceAll("&amp;", "&"),
    ).toBe(DECODED);
    expect(new URL(next ?? "").origin + new URL(next ?? "").pathname).toBe(BASE);
  });

  it("replaces an earlier page's cookie on the following page", () => {
    const second = fetchXmlNextLink(urlFor('<fetch><entity name="contact" /></fetch>'), {
      "@Microsoft.Dynamics.CRM.fetchxmlpagingcookie": COOKIE_ANNOTATION,
      "@Microsoft.Dynamics.CRM.morerecords": true,
    });
    const third = fetchXmlNextLink(new URL(second ?? ""), {
      "@Microsoft.Dynamics.CRM.fetchxmlpagingcookie": COOKIE_ANNOTATION.replace(
        'pagenumber="2"',
        'pagenumber="3"',
      ),
      "@Microsoft.Dynamics.CRM.morerecords": true,
    });
    const xml = fetchOf(third) ?? "";
    expect(xml.match(/paging-cookie=/g)).toHaveLength(1);
    expect(xml).toMatch(/^<fetch page="3" paging-cookie="/);
  });

  it("without a cookie (queries Dataverse cannot page by cookie) falls back to simple paging: page + 1", () => {
    const next = fetchXmlNextLink(urlFor('<fetch count="50" page="4"><entity name="account" /></fetch>'), {
      "@Microsoft.Dynamics.CRM.morerecords": true,
    });
    expect(fetchOf(next)).toBe('<fetch count="50" page="5"><entity name="account" /></fetch>');
  });

  it("no next page unless morerecords is true and the URL carries fetchXml", () => {
    const query = urlFor('<fetch><entity name="account" /></fetch>');
    expect(fetchXmlNextLink(query, { "@Microsoft.Dynamics.CRM.morerecords": false })).toBeUndefined();
    expect(fetchXmlNextLink(query, { value: [] })).toBeUndefined();
    expect(fetchXmlNextLink(new URL(BASE), { "@Microsoft.Dynamics.CRM.morerecords": true })).toBeUndefined();
    expect(
      fetchXmlNextLink(urlFor("<not-fetch/>"), { "@Microsoft.Dynamics.CRM.morerecords": true }),
    ).toBeUndefined();
  });

  it("the paging annotations are dropped from results (the cursor replaces them)", () => {
    expect(
      cleanOData({
        "@Microsoft.Dynamics.CRM.fetchxmlpagingcookie": COOKIE_ANNOTATION,
        "@Microsoft.Dynamics.CRM.morerecords": true,
        value: [{ name: "x" }],
      }),
    ).toEqual({ value: [{ name: "x" }] });
  });
});
