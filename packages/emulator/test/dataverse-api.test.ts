import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DefaultTenant, type Emulator, SAMPLE, startEmulator } from "../src/index.js";
import { claimsOf } from "./helpers.js";
import { appToken, call, strangerAppToken, userToken } from "./support/tokens.js";

const { contoso, contosoSales } = SAMPLE.environments;

describe("Dataverse Web API v9.2, one origin per environment", () => {
  let emulator: Emulator<DefaultTenant>;
  let app1: string;
  let app2: string;
  const api = (path: string, env = emulator.urls.dataverse) => `${env}/api/data/v9.2${path}`;
  const fetchXml = (xml: string) => `fetchXml=${encodeURIComponent(xml)}`;

  beforeAll(async () => {
    emulator = await startEmulator();
    app1 = await appToken(emulator, `${emulator.urls.dataverse}/.default`);
    app2 = await appToken(emulator, `${emulator.urls.dataverse2}/.default`);
  });
  afterAll(() => emulator.stop());

  describe("audiences and callers", () => {
    it("each environment URL is its own token audience; WhoAmI names the application user", async () => {
      expect(claimsOf(app1).aud).toBe(emulator.urls.dataverse);
      expect(claimsOf(app2).aud).toBe(emulator.urls.dataverse2);
      const who = await call(api("/WhoAmI"), app1);
      expect(who.status).toBe(200);
      const appUser = emulator.dataverse[0]?.findCaller({
        idtyp: "app",
        oid: "",
        appid: emulator.tenant.clientId,
      });
      expect(who.body).toEqual({
        "@odata.context": `${emulator.urls.dataverse}/api/data/v9.2/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`,
        BusinessUnitId: contoso.businessUnitId,
        UserId: appUser?.systemuserid,
        OrganizationId: contoso.organizationId,
      });
      const who2 = await call(api("/WhoAmI()", emulator.urls.dataverse2), app2);
      expect(who2.body.OrganizationId).toBe(contosoSales.organizationId);
    });

    it("a token for the other environment is 401 with an empty body and a Bearer challenge", async () => {
      const res = await call(api("/WhoAmI", emulator.urls.dataverse2), app1);
      expect(res.status).toBe(401);
      expect(res.text).toBe("");
      const challenge = res.headers.get("www-authenticate") ?? "";
      expect(challenge).toMatch(/^Bearer /);
      expect(challenge).toContain(`resource_id=${emulator.urls.dataverse2}/`);
      expect(challenge).toContain(
        `authorization_uri=${emulator.urls.login}/${emulator.tenant.tenantId}/oauth2/authorize`,
      );
      expect((await call(api("/WhoAmI"), undefined)).status).toBe(401);
    });

    it("an app without an application user gets 403 0x80072560", async () => {
      const expected = {
        error: { code: "0x80072560", message: "The user is not a member of the organization." },
      };
      const stranger = await strangerAppToken(emulator, `${emulator.urls.dataverse}/.default`);
      const denied = await call(api("/WhoAmI"), stranger);
      expect(denied.status).toBe(403);
      expect(denied.body).toEqual(expected);
      const env = emulator.dataverse[1];
      env?.removeApplicationUser(emulator.tenant.clientId);
      try {
        expect((await call(api("/accounts", emulator.urls.dataverse2), app2)).body).toEqual(expected);
      } finally {
        env?.addApplicationUser(emulator.tenant.clientId, "entra-mcp");
      }
    });

    it("delegated: user_impersonation for the environment URL; WhoAmI is the signed-in user", async () => {
      const user = await userToken(emulator, [`${emulator.urls.dataverse}/user_impersonation`]);
      expect(claimsOf(user)).toMatchObject({ aud: emulator.urls.dataverse, scp: "user_impersonation" });
      const who = await call(api("/WhoAmI"), user);
      const adele = emulator.dataverse[0]?.findCaller({ idtyp: "user", oid: emulator.tenant.user.oid });
      expect(who.body.UserId).toBe(adele?.systemuserid);
    });
  });

  describe("entity sets", () => {
    it("$select keeps the key and etag; $filter eq / contains; $orderby with $top; $count", async () => {
      const selected = await call(api("/accounts?$select=name,accountnumber&$top=2"), app1);
      expect(selected.body["@odata.context"]).toBe(
        `${emulator.urls.dataverse}/api/data/v9.2/$metadata#accounts(name,accountnumber)`,
      );
      expect(Object.keys(selected.body.value[0]).sort()).toEqual([
        "@odata.etag",
        "accountid",
        "accountnumber",
        "name",
      ]);
      expect(selected.body.value[0]["@odata.etag"]).toMatch(/^W\/"\d+"$/);

      const seattle = await call(api("/accounts?$filter=address1_city eq 'Seattle'&$select=name"), app1);
      expect(seattle.body.value.map((a: { name: string }) => a.name)).toEqual(["Fourth Coffee"]);
      const coffee = await call(
        api("/accounts?$filter=contains(name,'co') and statecode eq 0&$select=name"),
        app1,
      );
      expect(coffee.body.value.map((a: { name: string }) => a.name)).toEqual([
        "Fourth Coffee",
        "Contoso Pharmaceuticals",
        "Coho Winery",
      ]);
      const biggest = await call(api("/accounts?$select=name,revenue&$orderby=revenue desc&$top=2"), app1);
      expect(biggest.body.value.map((a: { name: string }) => a.name)).toEqual([
        "Blue Yonder Airlines",
        "Fabrikam, Inc.",
      ]);
      const counted = await call(api("/accounts?$count=true&$select=name"), app1);
      expect(counted.body["@odata.count"]).toBe(12);
      const contacts = await call(
        api("/contacts?$select=fullname,_parentcustomerid_value&$filter=jobtitle eq 'CFO'"),
        app1,
      );
      expect(contacts.body.value[0]).toMatchObject({
        fullname: "Susanna Stubberod",
        _parentcustomerid_value: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
    });

    it("Prefer: odata.maxpagesize pages with an absolute @odata.nextLink carrying a paging-cookie $skiptoken", async () => {
      const names: string[] = [];
      let link: string | undefined = api("/accounts?$select=name");
      let pages = 0;
      while (link) {
        expect(new URL(link).origin).toBe(emulator.urls.dataverse);
        const res = await call(link, app1, { headers: { Prefer: "odata.maxpagesize=5" } });
        expect(res.status).toBe(200);
        expect(res.headers.get("preference-applied")).toBe("odata.maxpagesize=5");
        names.push(...res.body.value.map((a: { name: string }) => a.name));
        link = res.body["@odata.nextLink"];
        if (link) {
          expect(link).toMatch(/\/api\/data\/v9\.2\/accounts\?\$select=name&\$skiptoken=/);
          expect(new URL(link).searchParams.get("$skiptoken")).toMatch(
            /^<cookie pagenumber="\d+" pagingcookie="/,
          );
        }
        pages += 1;
      }
      expect(pages).toBe(3);
      expect(names).toHaveLength(12);
      expect(new Set(names).size).toBe(12);
    });

    it("fetchXml runs attribute lists, filters and orders, and pages with a paging cookie", async () => {
      // The paging annotations come back only when asked for (dataverse-strictness.test.ts).
      const paging = {
        headers: {
          Prefer:
            'odata.include-annotations="Microsoft.Dynamics.CRM.fetchxmlpagingcookie,Microsoft.Dynamics.CRM.morerecords"',
        },
      };
      const simple = await call(
        api(
          `/accounts?${fetchXml('<fetch><entity name="account"><attribute name="name"/></entity></fetch>')}`,
        ),
        app1,
        paging,
      );
      expect(simple.status).toBe(200);
      expect(simple.body.value).toHaveLength(12);
      expect(Object.keys(simple.body.value[0]).sort()).toEqual(["@odata.etag", "accountid", "name"]);
      expect(simple.body["@Microsoft.Dynamics.CRM.morerecords"]).toBe(false);

      const filtered = await call(
        api(
          `/accounts?${fetchXml(
            `<fetch top="2"><entity name="account"><attribute name="name"/><attribute name="revenue"/>
               <filter type="and"><condition attribute="name" operator="like" value="%o%"/>
               <condition attribute="revenue" operator="gt" value="10000000"/></filter>
               <order attribute="revenue" descending="true"/></entity></fetch>`,
          )}`,
        ),
        app1,
      );
      // Fabrikam (150M) has no "o", so Contoso (91M) is second.
      expect(filtered.body.value.map((a: { name: string }) => a.name)).toEqual([
        "Blue Yonder Airlines",
        "Contoso Pharmaceuticals",
      ]);

      const paged = await call(
        api(
          `/accounts?${fetchXml('<fetch count="5" page="1"><entity name="account"><attribute name="name"/></entity></fetch>')}`,
        ),
        app1,
        paging,
      );
      expect(paged.body.value).toHaveLength(5);
      expect(paged.body["@Microsoft.Dynamics.CRM.morerecords"]).toBe(true);
      expect(paged.body["@Microsoft.Dynamics.CRM.fetchxmlpagingcookie"]).toMatch(/^<cookie pagenumber="2"/);
      const page3 = await call(
        api(
          `/accounts?${fetchXml('<fetch count="5" page="3"><entity name="account"><attribute name="name"/></entity></fetch>')}`,
        ),
        app1,
      );
      expect(page3.body.value).toHaveLength(2);

      const mismatch = await call(
        api(
          `/accounts?${fetchXml('<fetch><entity name="contact"><attribute name="fullname"/></entity></fetch>')}`,
        ),
        app1,
      );
      expect(mismatch.status).toBe(400);
      expect(mismatch.body.error.code).toBe("0x80040203");
    });

    it("each environment has its own rows", async () => {
      const sandbox = await call(api("/accounts?$select=name", emulator.urls.dataverse2), app2);
      expect(sandbox.body.value.map((a: { name: string }) => a.name)).toEqual([
        "Sandbox Account A",
        "Sandbox Account B",
        "Sandbox Account C",
      ]);
    });
  });

  it("EntityDefinitions with $select returns the names and localized labels", async () => {
    const res = await call(api("/EntityDefinitions?$select=LogicalName,DisplayName,EntitySetName"), app1);
    expect(res.body["@odata.context"]).toBe(
      `${emulator.urls.dataverse}/api/data/v9.2/$metadata#EntityDefinitions(LogicalName,DisplayName,EntitySetName)`,
    );
    const account = res.body.value.find((d: { LogicalName: string }) => d.LogicalName === "account");
    expect(Object.keys(account).sort()).toEqual([
      "DisplayName",
      "EntitySetName",
      "LogicalName",
      "MetadataId",
    ]);
    expect(account.EntitySetName).toBe("accounts");
    expect(account.DisplayName.UserLocalizedLabel).toMatchObject({ Label: "Account", LanguageCode: 1033 });
    const one = await call(api("/EntityDefinitions(LogicalName='workflow')?$select=EntitySetName"), app1);
    expect(one.body.EntitySetName).toBe("workflows");
  });

  it("workflows?$filter=category eq 5 lists the cloud flows", async () => {
    const flows = await call(
      api("/workflows?$filter=category eq 5&$select=name,statecode,category,clientdata"),
      app1,
    );
    expect(flows.body.value.map((f: { name: string }) => f.name)).toEqual([
      "Notify sales on new account",
      "Daily pipeline digest",
      "Escalate overdue cases (draft)",
    ]);
    expect(flows.body.value.every((f: { category: number }) => f.category === 5)).toBe(true);
    expect(JSON.parse(flows.body.value[1].clientdata).properties.definition.triggers).toHaveProperty(
      "Recurrence",
    );
    const sandbox = await call(
      api("/workflows?$filter=category eq 5&$select=name", emulator.urls.dataverse2),
      app2,
    );
    expect(sandbox.body.value.map((f: { name: string }) => f.name)).toEqual(["Sandbox test flow"]);
  });

  it("errors use Dataverse's OData shape with its hex codes", async () => {
    const segment = await call(api("/opportunities"), app1);
    expect(segment.status).toBe(404);
    expect(segment.body).toEqual({
      error: { code: "0x8006088a", message: "Resource not found for the segment 'opportunities'." },
    });
    const property = await call(api("/accounts?$select=name,colour"), app1);
    expect(property.status).toBe(400);
    expect(property.body.error).toEqual({
      code: "0x80060888",
      message: "Could not find a property named 'colour' on type 'Microsoft.Dynamics.CRM.account'.",
    });
    const id = "00000000-0000-0000-0000-0000000000aa";
    const record = await call(api(`/accounts(${id})`), app1);
    expect(record.status).toBe(404);
    expect(record.body.error).toEqual({
      code: "0x80040217",
      message: `account With Id = ${id} Does Not Exist`,
    });
    const accounts = await call(api("/accounts?$select=name&$top=1"), app1);
    const single = await call(api(`/accounts(${accounts.body.value[0].accountid})?$select=name`), app1);
    expect(single.body).toMatchObject({ name: "Fourth Coffee", accountid: accounts.body.value[0].accountid });
  });
});
