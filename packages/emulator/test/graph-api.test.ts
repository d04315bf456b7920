import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DefaultTenant, type Emulator, SAMPLE, startEmulator } from "../src/index.js";
import { appToken, call, strangerAppToken, userToken } from "./support/tokens.js";

const GRAPH = "https://graph.microsoft.com/.default";
const INSUFFICIENT = {
  code: "Authorization_RequestDenied",
  message: "Insufficient privileges to complete the operation.",
};

describe("Microsoft Graph v1.0 on the graph origin", () => {
  let emulator: Emulator<DefaultTenant>;
  let app: string;
  let stranger: string;
  let mailUser: string;
  let basicUser: string;
  const graph = (path: string) => `${emulator.urls.graph}${path}`;

  beforeAll(async () => {
    emulator = await startEmulator();
    app = await appToken(emulator, GRAPH);
    stranger = await strangerAppToken(emulator, GRAPH);
    mailUser = await userToken(emulator, [
      "User.Read",
      "User.ReadBasic.All",
      "Mail.Read",
      "Mail.Send",
      "GroupMember.Read.All",
    ]);
    basicUser = await userToken(emulator, ["User.Read"]);
  });
  afterAll(() => emulator.stop());

  describe("users", () => {
    it("pages 30 users with $top and an absolute @odata.nextLink carrying $skiptoken", async () => {
      const upns: string[] = [];
      let link: string | undefined = graph("/v1.0/users?$top=10");
      let pages = 0;
      while (link) {
        expect(link.startsWith(`${emulator.urls.graph}/v1.0/users?`)).toBe(true);
        const res = await call(link, app);
        expect(res.status).toBe(200);
        expect(res.body["@odata.context"]).toBe(`${emulator.urls.graph}/v1.0/$metadata#users`);
        expect(res.body.value.length).toBeLessThanOrEqual(10);
        upns.push(...res.body.value.map((u: { userPrincipalName: string }) => u.userPrincipalName));
        link = res.body["@odata.nextLink"];
        if (link) expect(link).toMatch(/\?\$top=10&\$skiptoken=[\w-]+$/);
        pages += 1;
      }
      expect(upns).toHaveLength(30);
      expect(new Set(upns).size).toBe(30);
      expect(pages).toBe(3);
      expect(upns).toContain("adele@contoso.test");
    });

    it("returns the default property set, or exactly $select", async () => {
      const all = await call(graph("/v1.0/users?$top=1"), app);
      expect(Object.keys(all.body.value[0]).sort()).toEqual(
        [
          "businessPhones",
          "displayName",
          "givenName",
          "id",
          "jobTitle",
          "mail",
          "mobilePhone",
          "officeLocation",
          "preferredLanguage",
          "surname",
          "userPrincipalName",
        ].sort(),
      );
      const selected = await call(graph("/v1.0/users?$select=displayName,department&$top=5"), app);
      expect(selected.body["@odata.context"]).toBe(
        `${emulator.urls.graph}/v1.0/$metadata#users(displayName,department)`,
      );
      for (const u of selected.body.value)
        expect(Object.keys(u).sort()).toEqual(["department", "displayName"]);
      const unknown = await call(graph("/v1.0/users?$select=favouriteColour"), app);
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.message).toBe(
        "Could not find a property named 'favouriteColour' on type 'microsoft.graph.user'.",
      );
    });

    it("filters with startswith and eq, and refuses filters Graph does not support", async () => {
      const a = await call(graph("/v1.0/users?$filter=startswith(displayName,'a')&$select=displayName"), app);
      const names = a.body.value.map((u: { displayName: string }) => u.displayName);
      expect(names).toEqual(expect.arrayContaining(["Adele Vance", "Alex Wilber", "Allan Deyoung"]));
      expect(names.every((n: string) => n.startsWith("A"))).toBe(true);

      const megan = await call(graph("/v1.0/users?$filter=userPrincipalName eq 'megan@contoso.test'"), app);
      expect(megan.body.value).toHaveLength(1);
      expect(megan.body.value[0].displayName).toBe("Megan Bowen");
      const finance = await call(
        graph("/v1.0/users?$filter=department eq 'Finance' and accountEnabled eq true"),
        app,
      );
      expect(finance.body.value.length).toBe(4);

      const unsupported = await call(graph("/v1.0/users?$filter=officeLocation eq '18/2111'"), app);
      expect(unsupported.status).toBe(400);
      expect(unsupported.body.error).toMatchObject({
        code: "Request_UnsupportedQuery",
        message:
          "Unsupported or invalid query filter clause specified for property 'officeLocation' of resource 'User'.",
      });
      const syntax = await call(graph("/v1.0/users?$filter=displayName eq"), app);
      expect(syntax.status).toBe(400);
      expect(syntax.body.error.code).toBe("BadRequest");
      expect(syntax.body.error.message).toMatch(/^Invalid filter clause/);
      const tooMany = await call(graph("/v1.0/users?$top=1000"), app);
      expect(tooMany.body.error).toMatchObject({
        code: "Request_UnsupportedQuery",
        message: "Invalid page size specified: '1000'. Must be between 1 and 999 inclusive.",
      });
    });

    it("$search and $count need ConsistencyLevel: eventual, as advanced queries do", async () => {
      const without = await call(graph('/v1.0/users?$search="displayName:wil"'), app);
      expect(without.status).toBe(400);
      expect(without.body.error).toMatchObject({
        code: "Request_UnsupportedQuery",
        message:
          "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
      });
      const eventual = { headers: { ConsistencyLevel: "eventual" } };
      const found = await call(graph('/v1.0/users?$search="displayName:wil"&$count=true'), app, eventual);
      expect(found.status).toBe(200);
      expect(found.body.value.map((u: { displayName: string }) => u.displayName).sort()).toEqual([
        "Alex Wilber",
        "Nestor Wilke",
      ]);
      expect(found.body["@odata.count"]).toBe(2);
      const ignored = await call(graph("/v1.0/users?$count=true&$top=2"), app);
      expect(ignored.body).not.toHaveProperty("@odata.count");
      const countSegment = await call(graph("/v1.0/users/$count"), app);
      expect(countSegment.body.error).toMatchObject({
        code: "Request_BadRequest",
        message: "$count is not currently supported.",
      });
      expect((await call(graph("/v1.0/users/$count"), app, eventual)).text).toBe("30");
    });

    it("gets one user by id or UPN; an unknown one is 404 Request_ResourceNotFound", async () => {
      const byUpn = await call(graph("/v1.0/users/megan@contoso.test"), app);
      expect(byUpn.body).toMatchObject({
        displayName: "Megan Bowen",
        "@odata.context": `${emulator.urls.graph}/v1.0/$metadata#users/$entity`,
      });
      const byId = await call(graph(`/v1.0/users/${emulator.tenant.user.oid}?$select=id,department`), app);
      expect(byId.body).toMatchObject({ id: emulator.tenant.user.oid, department: "Retail" });
      const missing = await call(graph("/v1.0/users/nobody@contoso.test"), app);
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe("Request_ResourceNotFound");
    });
  });

  describe("groups and applications", () => {
    it("lists groups and a group's members (directory objects of mixed types, each with @odata.type)", async () => {
      const groups = await call(graph("/v1.0/groups"), app);
      expect(groups.body.value.map((g: { displayName: string }) => g.displayName).sort()).toEqual(
        ["All Company", "Finance", "IT Admins", "Retail", "Sales and Marketing"].sort(),
      );
      const it = groups.body.value.find((g: { id: string }) => g.id === SAMPLE.graph.groups.itAdmins.id);
      expect(it).toMatchObject({ securityEnabled: true, mailEnabled: false, groupTypes: [] });
      const members = await call(graph(`/v1.0/groups/${SAMPLE.graph.groups.itAdmins.id}/members`), app);
      expect(members.body["@odata.context"]).toBe(`${emulator.urls.graph}/v1.0/$metadata#directoryObjects`);
      // IT Admins holds three users, a device and the seeded app's service principal.
      expect(
        members.body.value.map((m: Record<string, unknown>) => [m["@odata.type"], m.displayName]).sort(),
      ).toEqual(
        [
          ["#microsoft.graph.user", "Allan Deyoung"],
          ["#microsoft.graph.user", "Gerhart Moller"],
          ["#microsoft.graph.user", "Omar Haddad"],
          ["#microsoft.graph.device", "ADMIN-LAPTOP-01"],
          ["#microsoft.graph.servicePrincipal", "entra-mcp"],
        ].sort(),
      );
      const delegated = await call(
        graph(`/v1.0/groups/${SAMPLE.graph.groups.allCompany.id}/members?$top=5`),
        mailUser,
      );
      expect(delegated.body.value).toHaveLength(5);
      expect(delegated.body["@odata.nextLink"]).toContain("$skiptoken=");
      expect(
        (await call(graph("/v1.0/groups/00000000-0000-0000-0000-000000000000/members"), app)).status,
      ).toBe(404);
      const denied = await call(graph("/v1.0/groups"), basicUser);
      expect(denied.status).toBe(403);
      expect(denied.body.error).toMatchObject(INSUFFICIENT);
    });

    it("lists application registrations with their certificate credentials", async () => {
      const apps = await call(
        graph(`/v1.0/applications?$filter=appId eq '${emulator.tenant.clientId}'`),
        app,
      );
      expect(apps.body.value).toHaveLength(1);
      const entra = apps.body.value[0];
      expect(entra).toMatchObject({
        id: emulator.tenant.appObjectId,
        displayName: "entra-mcp",
        signInAudience: "AzureADMyOrg",
      });
      // customKeyIdentifier is Edm.Binary: the SHA-1 thumbprint's bytes, base64.
      const hex = emulator.vault.getCertificate(emulator.tenant.certName)?.material.thumbprintSha1Hex ?? "";
      expect(
        entra.keyCredentials.map((k: { customKeyIdentifier: string }) => k.customKeyIdentifier),
      ).toContain(Buffer.from(hex, "hex").toString("base64"));
      expect(entra.keyCredentials[0]).toMatchObject({
        type: "AsymmetricX509Cert",
        usage: "Verify",
        key: null,
      });
      expect((await call(graph("/v1.0/applications"), stranger)).status).toBe(403);
    });
  });

  describe("auditLogs/signIns", () => {
    it("needs AuditLog.Read.All and returns sign-ins newest first in Graph's shape", async () => {
      const res = await call(graph("/v1.0/auditLogs/signIns?$top=5"), app);
      expect(res.status).toBe(200);
      expect(res.body["@odata.context"]).toBe(`${emulator.urls.graph}/v1.0/$metadata#auditLogs/signIns`);
      const times = res.body.value.map((s: { createdDateTime: string }) => s.createdDateTime);
      expect([...times].sort().reverse()).toEqual(times);
      expect(res.body.value[0]).toMatchObject({
        status: { errorCode: 0 },
        location: { countryOrRegion: "US" },
        deviceDetail: expect.objectContaining({ browser: expect.any(String) }),
        conditionalAccessStatus: "notApplied",
      });
      const failures = await call(graph("/v1.0/auditLogs/signIns?$filter=status/errorCode ne 0"), app);
      expect(
        failures.body.value.map((s: { status: { errorCode: number } }) => s.status.errorCode).sort(),
      ).toEqual([50074, 50126]);
      const denied = await call(graph("/v1.0/auditLogs/signIns"), stranger);
      expect(denied.status).toBe(403);
      expect(denied.body.error).toMatchObject(INSUFFICIENT);
      expect((await call(graph("/v1.0/auditLogs/signIns"), mailUser)).status).toBe(403);
    });
  });

  describe("mail", () => {
    it("/me/messages: delegated only, 10 per page, $top and $select (id and etag always come back)", async () => {
      const first = await call(graph("/v1.0/me/messages"), mailUser);
      expect(first.status).toBe(200);
      expect(first.body.value).toHaveLength(10);
      expect(first.body["@odata.nextLink"]).toContain(`${emulator.urls.graph}/v1.0/me/messages?$skiptoken=`);
      const received = first.body.value.map((m: { receivedDateTime: string }) => m.receivedDateTime);
      expect([...received].sort().reverse()).toEqual(received);
      const picked = await call(graph("/v1.0/me/messages?$top=3&$select=subject,from"), mailUser);
      expect(picked.body.value).toHaveLength(3);
      expect(Object.keys(picked.body.value[0]).sort()).toEqual(["@odata.etag", "from", "id", "subject"]);
      const unread = await call(graph("/v1.0/me/messages?$filter=isRead eq false&$select=isRead"), mailUser);
      expect(unread.body.value).toHaveLength(4);

      const asApp = await call(graph("/v1.0/me/messages"), app);
      expect(asApp.status).toBe(400);
      expect(asApp.body.error).toMatchObject({
        code: "BadRequest",
        message: "/me request is only valid with delegated authentication flow.",
      });
      expect((await call(graph("/v1.0/me/messages"), basicUser)).status).toBe(403);
    });

    it("/me/sendMail: 202 with no body, recorded for tests and delivered to a recipient in the tenant", async () => {
      const message = {
        message: {
          subject: "Store visit",
          body: { contentType: "Text", content: "See you Tuesday." },
          toRecipients: [{ emailAddress: { address: "megan@contoso.test" } }],
        },
        saveToSentItems: false,
      };
      const sent = await call(graph("/v1.0/me/sendMail"), mailUser, { method: "POST", body: message });
      expect(sent.status).toBe(202);
      expect(sent.text).toBe("");
      expect(emulator.sentMail().at(-1)).toMatchObject({
        senderUpn: "adele@contoso.test",
        subject: "Store visit",
        toRecipients: [{ address: "megan@contoso.test" }],
        saveToSentItems: false,
      });
      const megan = emulator.directory.findUser("megan@contoso.test");
      expect(emulator.graph.listMessages(megan?.oid ?? "")[0]).toMatchObject({
        subject: "Store visit",
        isRead: false,
      });

      const noRecipients = await call(graph("/v1.0/me/sendMail"), mailUser, {
        method: "POST",
        body: { message: { subject: "x", toRecipients: [] } },
      });
      expect(noRecipients.status).toBe(400);
      expect(noRecipients.body.error.code).toBe("ErrorInvalidRecipients");
      const asApp = await call(graph("/v1.0/me/sendMail"), app, { method: "POST", body: message });
      expect(asApp.status).toBe(400);
      const withoutMailSend = await call(graph("/v1.0/me/sendMail"), basicUser, {
        method: "POST",
        body: message,
      });
      expect(withoutMailSend.status).toBe(403);
      expect(withoutMailSend.body.error).toMatchObject(INSUFFICIENT);
    });
  });

  it("an expired token is 401 InvalidAuthenticationToken with Graph's lifetime message", async () => {
    emulator.setClockSkew(7200);
    try {
      const res = await call(graph("/v1.0/users"), app);
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({
        code: "InvalidAuthenticationToken",
        message: "Lifetime validation failed, the token is expired.",
      });
    } finally {
      emulator.setClockSkew(0);
    }
  });
});
