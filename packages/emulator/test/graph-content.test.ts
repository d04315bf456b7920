/**
 * Graph mail strictness (Mail.ReadBasic, KQL $search), calendar view, and drive / site search on the
 * emulator, with tokens from the real MSAL. Each strict behaviour is asserted where the emulator used
 * to be lenient (bodyPreview under Mail.ReadBasic, $search on messages refused as unsupported).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DefaultTenant, type Emulator, SAMPLE, startEmulator } from "../src/index.js";
import { appToken, call, userToken } from "./support/tokens.js";

const GRAPH = "https://graph.microsoft.com/.default";
const DENIED = { code: "ErrorAccessDenied", message: "Access is denied. Check credentials and try again." };

let emulator: Emulator<DefaultTenant>;
let app: string;
let basicMail: string;
let fullMail: string;
let basicCalendar: string;
let ownFiles: string;
let plainUser: string;
const graph = (path: string) => `${emulator.urls.graph}/v1.0${path}`;
const subjects = (body: { value: { subject: string }[] }) => body.value.map((m) => m.subject);

beforeAll(async () => {
  emulator = await startEmulator();
  app = await appToken(emulator, GRAPH);
  basicMail = await userToken(emulator, ["Mail.ReadBasic"]);
  fullMail = await userToken(emulator, ["Mail.Read"]);
  basicCalendar = await userToken(emulator, ["Calendars.ReadBasic"]);
  ownFiles = await userToken(emulator, ["Files.Read"]);
  plainUser = await userToken(emulator, ["User.Read"]);
});
afterAll(() => emulator.stop());

describe("mail under Mail.ReadBasic", () => {
  it("lists messages without body, bodyPreview or uniqueBody; selecting them is Exchange's 403", async () => {
    const listed = await call(graph("/me/messages?$top=3"), basicMail);
    expect(listed.status).toBe(200);
    for (const message of listed.body.value) {
      expect(message).toHaveProperty("subject");
      expect(message).not.toHaveProperty("body");
      expect(message).not.toHaveProperty("bodyPreview");
    }
    const picked = await call(
      graph("/me/messages?$select=subject,from,receivedDateTime,isRead,webLink"),
      basicMail,
    );
    expect(picked.status).toBe(200);
    for (const field of ["bodyPreview", "body", "uniqueBody"]) {
      const refused = await call(graph(`/me/messages?$select=subject,${field}`), basicMail);
      expect(refused.status, field).toBe(403);
      expect(refused.body.error).toMatchObject(DENIED);
    }
    const one = listed.body.value[0].id;
    expect((await call(graph(`/me/messages/${one}?$select=body`), basicMail)).status).toBe(403);
    expect((await call(graph(`/me/messages/${one}`), basicMail)).body).not.toHaveProperty("body");
    // Mail.Read reads them.
    const full = await call(graph("/me/messages?$top=1&$select=subject,bodyPreview"), fullMail);
    expect(full.status).toBe(200);
    expect(full.body.value[0].bodyPreview).toEqual(expect.any(String));
  });

  it("Mail.ReadBasic does not include searching messages", async () => {
    const refused = await call(graph('/me/messages?$search="subject:budget"'), basicMail);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject(DENIED);
  });
});

describe("mail $search (KQL)", () => {
  const search = async (kql: string) => {
    const res = await call(graph(`/me/messages?$search=${encodeURIComponent(`"${kql}"`)}&$top=50`), fullMail);
    expect(res.status, `${kql}: ${res.text}`).toBe(200);
    return subjects(res.body).sort();
  };

  it("matches subject:, from:, to:, bare words (from, subject, body), phrases, AND / OR / NOT", async () => {
    expect(await search("subject:budget")).toEqual(["Budget review meeting"]);
    // Words match by prefix, as the index does: "re" is also "review", "retail", "return"...
    expect(await search("subject:re")).toHaveLength(6);
    const all = (await call(graph("/me/messages?$top=50&$select=subject,from"), fullMail)).body.value;
    const sender = all[0].from.emailAddress;
    expect(await search(`from:${sender.address}`)).toEqual([all[0].subject]);
    expect((await search("to:adele")).length).toBe(12);
    // Bare words search the body too: every seeded body says "details inside".
    expect((await search("details")).length).toBe(12);
    expect(await search('subject:"salt lake"')).toEqual(["Re: Inventory discrepancy in Salt Lake City"]);
    expect(await search("subject:budget OR subject:lunch")).toEqual([
      "Budget review meeting",
      "Team lunch on Friday",
    ]);
    expect(await search("subject:re AND subject:planogram")).toEqual([
      "Re: Planogram changes for the summer range",
    ]);
    expect(await search("subject:re NOT subject:planogram")).toEqual([
      "Action required: expense report",
      "Budget review meeting",
      "Q3 retail forecast",
      "Re: Inventory discrepancy in Salt Lake City",
      "Updated return policy",
    ]);
    expect(await search("(subject:budget OR subject:lunch) AND NOT subject:team")).toEqual([
      "Budget review meeting",
    ]);
    expect(await search("hasAttachments:true")).toHaveLength(3);
    expect(await search("nothingmatchesthis")).toEqual([]);
    // A bare word without the quotes works too.
    const bare = await call(graph("/me/messages?$search=budget"), fullMail);
    expect(subjects(bare.body)).toEqual(["Budget review meeting"]);
  });

  it("refuses $search with $orderby or $filter, and malformed KQL, with Graph's 400", async () => {
    const ordered = await call(
      graph('/me/messages?$search="budget"&$orderby=receivedDateTime desc'),
      fullMail,
    );
    expect(ordered.status).toBe(400);
    expect(ordered.body.error).toMatchObject({
      code: "SearchWithOrderBy",
      message: "The query parameter '$orderBy' is not supported with '$search'.",
    });
    const filtered = await call(graph('/me/messages?$search="budget"&$filter=isRead eq false'), fullMail);
    expect(filtered.status).toBe(400);
    expect(filtered.body.error.message).toContain("'$filter' is not supported with '$search'");
    const broken = await call(graph('/me/messages?$search="subject:budget AND"'), fullMail);
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe("BadRequest");
  });
});

describe("calendar view", () => {
  const DAY = 86_400_000;
  const today = Math.floor(Date.now() / DAY) * DAY;
  const window = (from: number, to: number) =>
    `startDateTime=${new Date(today + from * DAY).toISOString()}&endDateTime=${new Date(today + to * DAY).toISOString()}`;

  it("needs startDateTime and endDateTime (Graph's 400 without them)", async () => {
    for (const query of ["", `?startDateTime=${new Date().toISOString()}`]) {
      const res = await call(graph(`/me/calendarView${query}`), basicCalendar);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        code: "ErrorInvalidParameter",
        message:
          "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.",
      });
    }
  });

  it("/me/calendarView: the events in the window, in start order, paged; app-only gets the /me 400", async () => {
    const week = await call(graph(`/me/calendarView?${window(0, 7)}&$top=50`), basicCalendar);
    expect(week.status).toBe(200);
    expect(subjects(week.body)).toEqual([
      "Q3 forecast review",
      "1:1 with Megan",
      "Planogram workshop",
      "Vendor onboarding",
      "Holiday staffing plan",
      "Budget review",
    ]);
    expect(week.body.value[0].start).toMatchObject({
      timeZone: "UTC",
      dateTime: expect.stringMatching(/T10:00:00\.0000000$/),
    });
    const first = await call(graph(`/me/calendarView?${window(-7, 30)}&$top=4`), basicCalendar);
    expect(first.body.value).toHaveLength(4);
    const next = await call(first.body["@odata.nextLink"], basicCalendar);
    expect(next.body.value).toHaveLength(4);
    expect(subjects(next.body)).not.toContain(first.body.value[0].subject);
    const viaCalendar = await call(graph(`/me/calendar/calendarView?${window(0, 7)}&$top=50`), basicCalendar);
    expect(subjects(viaCalendar.body)).toEqual(subjects(week.body));
    expect((await call(graph(`/me/calendarView?${window(0, 7)}`), app)).status).toBe(400);
    expect((await call(graph(`/me/calendarView?${window(0, 7)}`), plainUser)).status).toBe(403);
  });

  it("Calendars.ReadBasic withholds body and bodyPreview; /users/{id}/calendarView app-only", async () => {
    const basic = await call(graph(`/me/calendarView?${window(0, 7)}`), basicCalendar);
    expect(basic.body.value[0]).not.toHaveProperty("body");
    expect(basic.body.value[0]).not.toHaveProperty("bodyPreview");
    const refused = await call(graph(`/me/calendarView?${window(0, 7)}&$select=subject,body`), basicCalendar);
    expect(refused.status).toBe(403);
    const asApp = await call(
      graph(`/users/${emulator.tenant.user.upn}/calendarView?${window(0, 7)}&$select=subject,start,end`),
      app,
    );
    expect(asApp.status).toBe(200);
    expect(asApp.body.value).toHaveLength(6);
    expect(Object.keys(asApp.body.value[0]).sort()).toEqual(["@odata.etag", "end", "id", "start", "subject"]);
    const megan = `megan@${emulator.tenant.user.upn.split("@")[1]}`;
    expect((await call(graph(`/users/${megan}/calendarView?${window(0, 7)}`), basicCalendar)).status).toBe(
      403,
    );
  });
});

describe("drive and site search", () => {
  const { adeleDrive, retailDrive } = SAMPLE.graph.content;

  it("/me/drive/root/search(q='...') finds files by name and content words (Files.Read)", async () => {
    const found = await call(graph("/me/drive/root/search(q='forecast')"), ownFiles);
    expect(found.status, found.text).toBe(200);
    expect(found.body.value.map((i: { name: string }) => i.name)).toEqual(["Q3 retail forecast.xlsx"]);
    expect(found.body.value[0]).toMatchObject({
      file: { mimeType: expect.stringContaining("spreadsheetml") },
      parentReference: { driveId: adeleDrive.id, path: "/drive/root:/Reports" },
    });
    const phrase = await call(
      graph(`/me/drive/root/search(q='${encodeURIComponent("holiday staffing")}')`),
      ownFiles,
    );
    expect(phrase.body.value.map((i: { name: string }) => i.name)).toEqual(["Holiday staffing plan.docx"]);
    // $select may name either facet (file, folder), whichever the results have.
    const facets = await call(
      graph("/me/drive/root/search(q='forecast')?$select=name,file,folder"),
      ownFiles,
    );
    expect(facets.status, facets.text).toBe(200);
    expect(Object.keys(facets.body.value[0]).sort()).toEqual(["file", "name"]);
    const quoted = await call(graph("/me/drive/root/search(q='it''s')"), ownFiles);
    expect(quoted.status).toBe(200);
    const malformed = await call(graph("/me/drive/root/search(q=forecast)"), ownFiles);
    expect(malformed.status).toBe(400);
    expect((await call(graph("/me/drive/root/search(q='forecast')"), app)).status).toBe(400);
  });

  it("/drives/{id}/root/search: app-only with Files.Read.All; Files.Read reaches only the caller's own drive", async () => {
    const asApp = await call(graph(`/drives/${retailDrive.id}/root/search(q='policy')`), app);
    expect(asApp.body.value.map((i: { name: string }) => i.name)).toEqual(["Return policy.docx"]);
    const own = await call(graph(`/drives/${adeleDrive.id}/root/search(q='budget')`), ownFiles);
    expect(own.body.value.map((i: { name: string }) => i.name)).toEqual(["Budget 2026 draft.xlsx"]);
    const other = await call(graph(`/drives/${retailDrive.id}/root/search(q='policy')`), ownFiles);
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe("accessDenied");
    expect((await call(graph(`/drives/${retailDrive.id}/root/search(q='policy')`), plainUser)).status).toBe(
      403,
    );
  });

  it("/sites?search= finds sites by name and description (Sites.Read.All); a site's drives", async () => {
    const sites = await call(graph("/sites?search=retail"), app);
    expect(sites.status).toBe(200);
    expect(sites.body.value.map((s: { displayName: string }) => s.displayName)).toEqual(["Retail"]);
    expect(sites.body.value[0].id).toContain(SAMPLE.graph.content.retailSite.id);
    const budgets = await call(graph("/sites?search=budgets"), app);
    expect(budgets.body.value.map((s: { displayName: string }) => s.displayName)).toEqual(["Finance"]);
    const drives = await call(graph(`/sites/${sites.body.value[0].id}/drives`), app);
    expect(drives.body.value.map((d: { id: string }) => d.id)).toEqual([retailDrive.id]);
    expect((await call(graph("/sites?search=retail"), ownFiles)).status).toBe(403);
  });
});
