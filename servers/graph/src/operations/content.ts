/**
 * Graph content beyond the directory: calendar view and OneDrive / SharePoint search. Read-only, in
 * the `content` preset (the default tools/list budget goes to the directory and mail tools).
 */
import type { OperationDescription } from "@entra-mcp/server-kit";
import { z } from "zod";

const text = (value: unknown): string | undefined => (typeof value === "string" && value ? value : undefined);
const top = z.number().int().min(1).max(999).optional().describe("Page size ($top)");
const select = z.string().max(1000).optional().describe("Comma-separated properties ($select)");
const when = (edge: string) =>
  z.string().min(10).max(40).describe(`Window ${edge}, ISO 8601, e.g. 2025-06-02T00:00:00Z`);
// OData string literals double a single quote; the path template then URL-encodes the rest.
const keywords = z
  .string()
  .min(1)
  .max(200)
  .transform((q) => q.replaceAll("'", "''"))
  .describe("Keywords (file names and content)");

const CONTENT = ["content"];
const EVENT_FIELDS = "subject,start,end,location,organizer,isOnlineMeeting,showAs";
const ITEM_FIELDS = "id,name,size,webUrl,lastModifiedDateTime,parentReference,file,folder";

const calendarQuery = (args: Record<string, unknown>) => ({
  startDateTime: text(args.start),
  endDateTime: text(args.end),
  $select: text(args.select) ?? EVENT_FIELDS,
  $orderby: "start/dateTime",
  $top: args.top as number | undefined,
});
const itemQuery = (args: Record<string, unknown>) => ({
  $select: text(args.select) ?? ITEM_FIELDS,
  $top: args.top as number | undefined,
});

// Calendars.ReadBasic (no body or attachments) is least privileged; as an app role it is Calendars.ReadBasic.All.
const READ_CALENDARS = ["Calendars.ReadBasic", "Calendars.Read", "Calendars.ReadWrite"];

export const contentOperations: OperationDescription[] = [
  {
    name: "get_my_calendar_view",
    title: "My calendar view",
    description: "The signed-in user's events between start and end, recurrences expanded.",
    method: "GET",
    path: "/me/calendarView",
    input: { start: when("start"), end: when("end"), select, top },
    query: calendarQuery,
    access: "read",
    permissions: { delegated: READ_CALENDARS },
    mode: "delegated",
    paging: true,
    presets: CONTENT,
  },
  {
    name: "get_calendar_view",
    title: "User's calendar view",
    description: "A user's events between start and end. App-only reads any mailbox's calendar.",
    method: "GET",
    path: "/users/{userId}/calendarView",
    input: {
      userId: z.string().min(1).max(256).describe("Object ID or userPrincipalName"),
      start: when("start"),
      end: when("end"),
      select,
      top,
    },
    query: calendarQuery,
    access: "read",
    permissions: {
      app: ["Calendars.ReadBasic.All", "Calendars.Read", "Calendars.ReadWrite"],
      delegated: READ_CALENDARS,
    },
    paging: true,
    presets: CONTENT,
  },
  {
    name: "search_my_files",
    title: "Search my OneDrive",
    description: "Search the signed-in user's OneDrive by file name and content.",
    method: "GET",
    path: "/me/drive/root/search(q='{query}')",
    input: { query: keywords, select, top },
    query: itemQuery,
    access: "read",
    permissions: { delegated: ["Files.Read", "Files.ReadWrite", "Files.Read.All", "Sites.Read.All"] },
    mode: "delegated",
    paging: true,
    presets: CONTENT,
  },
  {
    name: "search_drive",
    title: "Search a drive",
    description:
      "Search one drive (a OneDrive or a site's library; IDs from GET /sites/{id}/drives or /users/{id}/drive). Others' drives need Files.Read.All.",
    method: "GET",
    path: "/drives/{driveId}/root/search(q='{query}')",
    input: { driveId: z.string().min(1).max(200).describe("Drive ID"), query: keywords, select, top },
    query: itemQuery,
    access: "read",
    permissions: {
      app: ["Files.Read.All", "Files.ReadWrite.All", "Sites.Read.All"],
      delegated: ["Files.Read", "Files.Read.All", "Sites.Read.All"],
    },
    paging: true,
    presets: CONTENT,
  },
  {
    name: "search_sites",
    title: "Search SharePoint sites",
    description: "SharePoint sites matching keywords (name, description); * lists all.",
    method: "GET",
    path: "/sites",
    input: { query: z.string().min(1).max(200).describe("Keywords, or *"), select, top },
    query: (args) => ({
      search: text(args.query),
      $select: text(args.select),
      $top: args.top as number | undefined,
    }),
    access: "read",
    permissions: {
      app: ["Sites.Read.All", "Sites.ReadWrite.All"],
      delegated: ["Sites.Read.All", "Sites.ReadWrite.All"],
    },
    paging: true,
    presets: CONTENT,
  },
];
