/**
 * Dataverse is strict where the emulator used to be lenient: annotations (FetchXML paging, formatted
 * values, lookup metadata) come back only when Prefer: odata.include-annotations asks for them (and
 * Preference-Applied says so), FetchXML pages at 5,000 rows by paging cookie, and $expand works on
 * single-valued and collection navigation properties (an unknown one is a 400, never ignored).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DefaultTenant, type Emulator, startEmulator } from "../src/index.js";
import { appToken, call } from "./support/tokens.js";

const PAGING =
  'odata.include-annotations="Microsoft.Dynamics.CRM.fetchxmlpagingcookie,Microsoft.Dynamics.CRM.morerecords"';
const FORMATTED = 'odata.include-annotations="OData.Community.Display.V1.FormattedValue"';
const MORE = "@Microsoft.Dynamics.CRM.morerecords";
const COOKIE = "@Microsoft.Dynamics.CRM.fetchxmlpagingcookie";
const FV = "@OData.Community.Display.V1.FormattedValue";

describe("Dataverse strictness: annotations on request, FetchXML paging cookies, $expand", () => {
  let emulator: Emulator<DefaultTenant>;
  let token: string;
  let sandboxToken: string;
  const api = (path: string, env = emulator.urls.dataverse) => `${env}/api/data/v9.2${path}`;
  const fetchXml = (xml: string) => `fetchXml=${encodeURIComponent(xml)}`;

  beforeAll(async () => {
    emulator = await startEmulator();
    token = await appToken(emulator, `${emulator.urls.dataverse}/.default`);
    sandboxToken = await appToken(emulator, `${emulator.urls.dataverse2}/.default`);
    // 5,010 more contacts in the sandbox (it seeds 1): past one 5,000-row page.
    const sandbox = emulator.dataverse[1];
    for (let i = 0; i < 5010; i += 1) {
      sandbox?.addRecord("contact", { fullname: `Bulk ${String(i).padStart(5, "0")}`, lastname: "Bulk" });
    }
  });
  afterAll(() => emulator.stop());

  describe("FetchXML", () => {
    const query = '<fetch count="5"><entity name="account"><attribute name="name"/></entity></fetch>';

    it("paging annotations come back only when asked for, and Preference-Applied echoes what was applied", async () => {
      const plain = await call(api(`/accounts?${fetchXml(query)}`), token);
      expect(plain.status).toBe(200);
      expect(plain.body.value).toHaveLength(5);
      expect(plain.body).not.toHaveProperty(MORE);
      expect(plain.body).not.toHaveProperty(COOKIE);
      expect(plain.headers.get("preference-applied")).toBeNull();

      const asked = await call(api(`/accounts?${fetchXml(query)}`), token, { headers: { Prefer: PAGING } });
      expect(asked.body[MORE]).toBe(true);
      expect(asked.body[COOKIE]).toMatch(/^<cookie pagenumber="2" pagingcookie="%25?3[cC]cookie/);
      expect(asked.headers.get("preference-applied")).toBe(PAGING);

      const all = await call(api(`/accounts?${fetchXml(query)}`), token, {
        headers: { Prefer: 'odata.include-annotations="*"' },
      });
      expect(all.body[MORE]).toBe(true);
      expect(all.body).toHaveProperty(COOKIE);
      const crm = await call(api(`/accounts?${fetchXml(query)}`), token, {
        headers: { Prefer: 'odata.include-annotations="Microsoft.Dynamics.CRM.*"' },
      });
      expect(crm.body[MORE]).toBe(true);
    });

    it("without count a page is 5,000 rows; the paging cookie (decoded twice, set on the fetch) continues after them", async () => {
      const all =
        '<fetch><entity name="contact"><attribute name="fullname"/><order attribute="fullname"/></entity></fetch>';
      const first = await call(api(`/contacts?${fetchXml(all)}`, emulator.urls.dataverse2), sandboxToken, {
        headers: { Prefer: PAGING },
      });
      expect(first.status).toBe(200);
      expect(first.body.value).toHaveLength(5000);
      expect(first.body[MORE]).toBe(true);
      const annotation = first.body[COOKIE] as string;
      expect(annotation).toMatch(/^<cookie pagenumber="2" pagingcookie="[^"]+" istracking="False" \/>$/);
      const encoded = /pagingcookie="([^"]+)"/.exec(annotation)?.[1] ?? "";
      const cookie = decodeURIComponent(decodeURIComponent(encoded));
      // The real cookie's shape: the page number and the first/last primary keys of the page.
      expect(cookie).toMatch(
        /^<cookie page="1"><fullname last="[^"]*" first="[^"]*" \/><contactid last="\{[0-9A-F-]{36}\}" first="\{[0-9A-F-]{36}\}" \/><\/cookie>$/,
      );

      const escaped = cookie
        .replaceAll("&", "&amp;")
        .replaceAll("<", "&lt;")
        .replaceAll(">", "&gt;")
        .replaceAll('"', "&quot;");
      const next = all.replace("<fetch>", `<fetch page="2" paging-cookie="${escaped}">`);
      const second = await call(api(`/contacts?${fetchXml(next)}`, emulator.urls.dataverse2), sandboxToken, {
        headers: { Prefer: PAGING },
      });
      expect(second.status).toBe(200);
      expect(second.body.value).toHaveLength(11);
      expect(second.body[MORE]).toBe(false);
      expect(second.body).not.toHaveProperty(COOKIE);
      const ids = new Set(
        [...first.body.value, ...second.body.value].map((r: { contactid: string }) => r.contactid),
      );
      expect(ids.size).toBe(5011);

      // Simple paging (page without a cookie) reaches the same rows.
      const simple = await call(
        api(`/contacts?${fetchXml(all.replace("<fetch>", '<fetch page="2">'))}`, emulator.urls.dataverse2),
        sandboxToken,
      );
      expect(simple.body.value.map((r: { contactid: string }) => r.contactid)).toEqual(
        second.body.value.map((r: { contactid: string }) => r.contactid),
      );
    });

    it("a malformed paging-cookie is refused, not ignored", async () => {
      const bad =
        '<fetch page="2" paging-cookie="not a cookie"><entity name="account"><attribute name="name"/></entity></fetch>';
      const res = await call(api(`/accounts?${fetchXml(bad)}`), token);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("0x80041103");
    });
  });

  describe("formatted values and lookup annotations", () => {
    const select =
      "/accounts?$select=name,statecode,revenue,createdon,_primarycontactid_value&$filter=name eq 'Fourth Coffee'";

    it("are absent unless asked for", async () => {
      const res = await call(api(select), token);
      expect(res.status).toBe(200);
      const keys = Object.keys(res.body.value[0]);
      expect(keys.filter((k) => k.includes("@"))).toEqual(["@odata.etag"]);
      expect(res.headers.get("preference-applied")).toBeNull();
    });

    it("FormattedValue gives display values of choices, money, dates and lookups; Preference-Applied echoes it", async () => {
      const res = await call(api(select), token, { headers: { Prefer: FORMATTED } });
      const row = res.body.value[0];
      expect(row[`statecode${FV}`]).toBe("Active");
      expect(row[`revenue${FV}`]).toBe("$4,500,000.00");
      expect(row[`createdon${FV}`]).toMatch(/^\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2} [AP]M$/);
      expect(row[`_primarycontactid_value${FV}`]).toBe("Yvonne McKay");
      // Only the FormattedValue term was asked for: no lookup metadata annotations.
      expect(row).not.toHaveProperty("_primarycontactid_value@Microsoft.Dynamics.CRM.lookuplogicalname");
      expect(res.headers.get("preference-applied")).toBe(FORMATTED);
    });

    it('"*" adds the lookup metadata too', async () => {
      const res = await call(api(select), token, { headers: { Prefer: 'odata.include-annotations="*"' } });
      const row = res.body.value[0];
      expect(row[`_primarycontactid_value${FV}`]).toBe("Yvonne McKay");
      expect(row["_primarycontactid_value@Microsoft.Dynamics.CRM.lookuplogicalname"]).toBe("contact");
      expect(row["_primarycontactid_value@Microsoft.Dynamics.CRM.associatednavigationproperty"]).toBe(
        "primarycontactid",
      );
    });

    it("on a single record too", async () => {
      const list = await call(api("/accounts?$select=name&$top=1"), token);
      const id = list.body.value[0].accountid;
      const plain = await call(api(`/accounts(${id})?$select=statecode`), token);
      expect(plain.body).not.toHaveProperty(`statecode${FV}`);
      const asked = await call(api(`/accounts(${id})?$select=statecode`), token, {
        headers: { Prefer: FORMATTED },
      });
      expect(asked.body[`statecode${FV}`]).toBe("Active");
    });
  });

  describe("query options", () => {
    it("$skip and unknown $options are refused as Dataverse does (paging is by nextLink only)", async () => {
      const skip = await call(api("/accounts?$select=name&$skip=5"), token);
      expect(skip.status).toBe(400);
      expect(skip.body.error).toEqual({
        code: "0x80060888",
        message: "The query parameter $skip is not supported",
      });
      const unknown = await call(api("/accounts?$colour=blue"), token);
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.message).toBe("The query parameter $colour is not supported");
    });

    it("RetrieveTotalRecordCount needs a security role like reading the rows does", async () => {
      const sandbox = emulator.dataverse[1];
      const appUser = sandbox?.findCaller({ idtyp: "app", oid: "", appid: emulator.tenant.clientId });
      const roles = appUser ? (sandbox?.rolesOf(appUser.systemuserid) ?? []) : [];
      for (const role of roles) sandbox?.removeRole(appUser?.systemuserid ?? "", role.roleid);
      try {
        const denied = await call(
          api("/RetrieveTotalRecordCount(EntityNames=['account'])", emulator.urls.dataverse2),
          sandboxToken,
        );
        expect(denied.status).toBe(403);
        expect(denied.body.error.code).toBe("0x80040220");
      } finally {
        for (const role of roles) sandbox?.assignRole(appUser?.systemuserid ?? "", role.roleid);
      }
      const counted = await call(
        api("/RetrieveTotalRecordCount(EntityNames=['account','contact'])", emulator.urls.dataverse2),
        sandboxToken,
      );
      expect(counted.body.EntityRecordCountCollection).toEqual({
        Count: 2,
        IsReadOnly: false,
        Keys: ["account", "contact"],
        Values: [3, 5011],
      });
    });
  });

  describe("$expand", () => {
    it("single-valued navigation: the related row with its own $select (null when unset)", async () => {
      const res = await call(
        api("/accounts?$select=name&$expand=primarycontactid($select=fullname,jobtitle)&$orderby=name"),
        token,
      );
      expect(res.status).toBe(200);
      const fourth = res.body.value.find((a: { name: string }) => a.name === "Fourth Coffee");
      expect(fourth.primarycontactid).toMatchObject({
        fullname: "Yvonne McKay",
        jobtitle: "Purchasing Manager",
      });
      expect(Object.keys(fourth.primarycontactid).sort()).toEqual([
        "@odata.etag",
        "contactid",
        "fullname",
        "jobtitle",
      ]);
      const unset = res.body.value.find((a: { name: string }) => a.name === "Coho Winery");
      expect(unset.primarycontactid).toBeNull();
    });

    it("collection navigation: the related rows, with nested $select/$filter/$orderby", async () => {
      const res = await call(
        api(
          "/accounts?$select=name&$filter=name eq 'Fourth Coffee'&$expand=contact_customer_accounts($select=fullname;$orderby=fullname desc)",
        ),
        token,
      );
      expect(res.status).toBe(200);
      expect(
        res.body.value[0].contact_customer_accounts.map((c: { fullname: string }) => c.fullname),
      ).toEqual(["Yvonne McKay"]);
      const contoso = await call(
        api(
          "/accounts?$select=name&$filter=name eq 'Contoso Pharmaceuticals'&$expand=contact_customer_accounts($select=fullname)",
        ),
        token,
      );
      expect(contoso.body.value[0].contact_customer_accounts).toEqual([
        expect.objectContaining({ fullname: "Susanna Stubberod" }),
      ]);
    });

    it("from a contact to its parent account, and on a single record", async () => {
      const contacts = await call(
        api(
          "/contacts?$select=fullname&$filter=jobtitle eq 'CFO'&$expand=parentcustomerid_account($select=name)",
        ),
        token,
      );
      expect(contacts.body.value[0].parentcustomerid_account).toMatchObject({
        name: "Contoso Pharmaceuticals",
      });
      const id = contacts.body.value[0].contactid;
      const one = await call(
        api(`/contacts(${id})?$select=fullname&$expand=parentcustomerid_account($select=name)`),
        token,
      );
      expect(one.body.parentcustomerid_account).toMatchObject({ name: "Contoso Pharmaceuticals" });
    });

    it("an unknown navigation property or nested property is a 400, never silently ignored", async () => {
      const unknown = await call(api("/accounts?$expand=colours"), token);
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.message).toBe(
        "Could not find a property named 'colours' on type 'Microsoft.Dynamics.CRM.account'.",
      );
      const nested = await call(api("/accounts?$expand=primarycontactid($select=colour)"), token);
      expect(nested.status).toBe(400);
      expect(nested.body.error.message).toContain("'colour' on type 'Microsoft.Dynamics.CRM.contact'");
    });
  });
});
