import type { DirectoryState } from "../directory/directory-state.js";
import type { DirectoryUser } from "../directory/directory-types.js";
import { contentOf } from "../graph/graph-content-state.js";
import type { CalendarEvent, DriveItem } from "../graph/graph-content-types.js";
import type { GraphState } from "../graph/graph-state.js";
import type { MailAddress } from "../graph/graph-types.js";
import { nameBasedGuid } from "../ids.js";
import { SAMPLE } from "./sample-ids.js";

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/**
 * Calendars (Adele and Megan), OneDrives and three SharePoint sites with document libraries. Events sit
 * around today (UTC) so a calendar view of "this week" has something in it on any run.
 */
export function seedGraphContent(directory: DirectoryState, graph: GraphState): void {
  const domain = directory.tenant.defaultDomain;
  const users = directory.listUsers();
  const find = (alias: string) => users.find((u) => u.upn === `${alias}@${domain}`);
  const adele = find("adele");
  const megan = find("megan");
  if (!adele || !megan) return;
  const address = (u: DirectoryUser): MailAddress => ({ name: u.displayName, address: u.mail ?? u.upn });
  const colleagues = users
    .filter((u) => u !== adele && u !== megan)
    .slice(0, 6)
    .map(address);
  const content = contentOf(graph);
  const today = Math.floor(Date.now() / DAY) * DAY;
  const created = iso(today - 30 * DAY);

  const meetings: [string, number, number, string, number][] = [
    // subject, day offset, start hour (UTC), location, attendee count
    ["Weekly retail sync", -2, 9, "Conference Room 18/2111", 3],
    ["Store visit: Salt Lake City", -1, 13, "Salt Lake City store", 1],
    ["Q3 forecast review", 0, 10, "Microsoft Teams Meeting", 4],
    ["1:1 with Megan", 0, 15, "Microsoft Teams Meeting", 0],
    ["Planogram workshop", 1, 9, "Conference Room 12/1110", 5],
    ["Vendor onboarding", 2, 14, "Microsoft Teams Meeting", 2],
    ["Holiday staffing plan", 3, 11, "Conference Room 18/2111", 3],
    ["Budget review", 6, 16, "Microsoft Teams Meeting", 2],
    ["Quarterly business review", 12, 9, "Contoso HQ", 6],
  ];
  meetings.forEach(([subject, day, hour, location, attendees], i) => {
    const start = today + day * DAY + hour * 3_600_000;
    const online = location === "Microsoft Teams Meeting";
    const event: CalendarEvent = {
      id: `AAMkAGVlYWRlbGUtZXZlbnQ${String(i).padStart(2, "0")}AAA=`,
      subject,
      body: {
        contentType: "html",
        content: `<html><body><p>${subject}: agenda and notes for the retail team.</p></body></html>`,
      },
      start: iso(start),
      end: iso(start + (subject.startsWith("Store visit") ? 3 : 1) * 3_600_000),
      location,
      organizer: i % 3 === 2 ? address(megan) : address(adele),
      attendees: [
        ...(subject === "1:1 with Megan" ? [address(megan)] : []),
        ...colleagues.slice(0, attendees),
      ],
      isAllDay: false,
      isOnlineMeeting: online,
      showAs: "busy",
      importance: subject.startsWith("Quarterly") ? "high" : "normal",
      sensitivity: "normal",
      createdDateTime: created,
    };
    content.addEvent(adele.oid, event);
    if (event.organizer.address === address(megan).address || subject === "1:1 with Megan") {
      content.addEvent(megan.oid, { ...event, id: event.id.replace("ZWFkZWxl", "bWVnYW4t") });
    }
  });

  const sharepoint = `contoso.sharepoint.com`;
  const sites = [
    { key: "retail", name: "Retail", description: "Retail stores, buyers and planograms" },
    { key: "sales", name: "Sales and Marketing", description: "Campaigns, pipeline and brand assets" },
    { key: "finance", name: "Finance", description: "Budgets, forecasts and month-end close" },
  ];
  for (const site of sites) {
    const siteGuid =
      site.key === "retail" ? SAMPLE.graph.content.retailSite.id : nameBasedGuid("site", site.key);
    const id = `${sharepoint},${siteGuid},${nameBasedGuid("web", site.key)}`;
    const path = site.name.replaceAll(" ", "");
    content.addSite({
      id,
      name: path,
      displayName: site.name,
      description: site.description,
      webUrl: `https://${sharepoint}/sites/${path}`,
      createdDateTime: created,
    });
    content.addDrive({
      id: site.key === "retail" ? SAMPLE.graph.content.retailDrive.id : nameBasedGuid("drive", site.key),
      name: "Documents",
      driveType: "documentLibrary",
      siteId: id,
      webUrl: `https://${sharepoint}/sites/${path}/Shared%20Documents`,
      createdDateTime: created,
    });
  }

  const personal = `contoso-my.sharepoint.com`;
  for (const user of [adele, megan]) {
    const alias = user.upn.split("@")[0] ?? user.upn;
    content.addDrive({
      id: user === adele ? SAMPLE.graph.content.adeleDrive.id : nameBasedGuid("drive", alias),
      name: "OneDrive",
      driveType: "business",
      ownerOid: user.oid,
      webUrl: `https://${personal}/personal/${alias}_contoso_test/Documents`,
      createdDateTime: created,
    });
  }

  const files: [string, string, string, string, number][] = [
    // drive, folder, name, content, size
    [SAMPLE.graph.content.adeleDrive.id, "", "Reports", "", 0],
    [
      SAMPLE.graph.content.adeleDrive.id,
      "/Reports",
      "Q3 retail forecast.xlsx",
      "forecast revenue stores",
      48_213,
    ],
    [
      SAMPLE.graph.content.adeleDrive.id,
      "/Reports",
      "Store visit notes.docx",
      "salt lake city visit",
      18_554,
    ],
    [SAMPLE.graph.content.adeleDrive.id, "", "Budget 2026 draft.xlsx", "budget plan headcount", 35_102],
    [SAMPLE.graph.content.adeleDrive.id, "", "Holiday staffing plan.docx", "holiday staffing rota", 22_430],
    [
      SAMPLE.graph.content.retailDrive.id,
      "",
      "Planogram summer range.pptx",
      "planogram summer range",
      2_310_554,
    ],
    [SAMPLE.graph.content.retailDrive.id, "", "Return policy.docx", "returns refunds policy", 40_961],
    [
      SAMPLE.graph.content.retailDrive.id,
      "",
      "Inventory discrepancy SLC.xlsx",
      "inventory salt lake city",
      61_003,
    ],
  ];
  const types: Record<string, string> = {
    xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  };
  files.forEach(([driveId, folder, name, text, size], i) => {
    const extension = name.split(".").at(-1) ?? "";
    const item: DriveItem = {
      id: `01${nameBasedGuid("drive-item", String(i)).replaceAll("-", "").slice(0, 30).toUpperCase()}`,
      driveId,
      name,
      folder,
      isFolder: !name.includes("."),
      size,
      content: text,
      createdBy: address(adele),
      createdDateTime: created,
      lastModifiedDateTime: iso(today - (i + 1) * DAY),
      ...(types[extension] ? { mimeType: types[extension] } : {}),
    };
    content.addItem(item);
  });
}
