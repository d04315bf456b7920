import type { Context, Hono } from "hono";
import type { EmulatorAccessTokenClaims } from "../entra/access-token-verifier.js";
import { authorizeGraph } from "./graph-auth.js";
import { listGraphCollection } from "./graph-collection.js";
import { basicOnly, FULL_CALENDARS, NOT_BASIC, READ_CALENDARS } from "./graph-content-permissions.js";
import { contentOf } from "./graph-content-state.js";
import type { CalendarEvent } from "./graph-content-types.js";
import { graphError, meNeedsDelegated, resourceNotFound } from "./graph-errors.js";
import type { GraphDeps } from "./graph-routes.js";
import type { MailAddress } from "./graph-types.js";

const WINDOW_REQUIRED =
  "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.";

/** Calendar view: the events of a user's default calendar inside a required time window. */
export function registerGraphCalendarRoutes(app: Hono, deps: GraphDeps): void {
  // /calendarView and /calendar/calendarView are the same view of the default calendar.
  app.get("/v1.0/me/:path{calendarView|calendar/calendarView}", async (c) => {
    const claims = await authorizeGraph(c, deps, { ...READ_CALENDARS, roles: ["*"] });
    if (claims instanceof Response) return claims;
    if (claims.idtyp === "app") return meNeedsDelegated(c);
    return calendarView(c, deps, claims, claims.oid);
  });

  app.get("/v1.0/users/:id/:path{calendarView|calendar/calendarView}", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_CALENDARS);
    if (claims instanceof Response) return claims;
    const id = decodeURIComponent(c.req.param("id"));
    const user = deps.directory.findUser(id);
    if (!user) return resourceNotFound(c, id);
    // A delegated caller reads only calendars shared with them; the seed shares none.
    if (claims.idtyp !== "app" && user.oid !== claims.oid) {
      return graphError(c, 403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
    }
    return calendarView(c, deps, claims, user.oid);
  });
}

function calendarView(c: Context, deps: GraphDeps, claims: EmulatorAccessTokenClaims, oid: string): Response {
  const start = windowBound(c, "startDateTime");
  const end = windowBound(c, "endDateTime");
  if (start === undefined || end === undefined) {
    return graphError(c, 400, "ErrorInvalidParameter", WINDOW_REQUIRED);
  }
  if (Number.isNaN(start) || Number.isNaN(end)) {
    return graphError(
      c,
      400,
      "ErrorInvalidParameter",
      "The value of the parameter 'StartDateTime' or 'EndDateTime' is not a valid date and time.",
    );
  }
  const basic = basicOnly(claims, FULL_CALENDARS);
  const selected = (c.req.query("$select") ?? "").split(",").map((f) => f.trim());
  if (basic && selected.some((f) => NOT_BASIC.includes(f))) {
    return graphError(c, 403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
  }
  const events = contentOf(deps.graph)
    .listEvents(oid)
    .filter((e) => Date.parse(e.start) < end && Date.parse(e.end) > start)
    .map((e) => eventJson(e, oid, deps.directory.getUser(oid)?.mail ?? ""))
    .map((e) => (basic ? Object.fromEntries(Object.entries(e).filter(([k]) => !NOT_BASIC.includes(k))) : e));
  return listGraphCollection(c, deps.graphUrl, {
    resource: "Event",
    odataType: "microsoft.graph.event",
    contextFragment: `users('${oid}')/calendarView`,
    items: events,
    alwaysInclude: ["@odata.etag", "id"],
    filterable: {
      subject: ["eq", "startswith", "contains"],
      importance: ["eq"],
      showAs: ["eq"],
      isOnlineMeeting: ["eq"],
      "organizer/emailAddress/address": ["eq"],
    },
    orderable: ["start/dateTime", "end/dateTime", "subject"],
    pageSize: { default: 10, max: 1000 },
    advancedQueries: false,
  });
}

/** The query parameter's instant (case-insensitive name, as Exchange reads it), NaN when unparsable. */
function windowBound(c: Context, name: string): number | undefined {
  const params = new URL(c.req.url).searchParams;
  for (const [key, value] of params) if (key.toLowerCase() === name.toLowerCase()) return Date.parse(value);
  return undefined;
}

const graphTime = (iso: string) => ({
  dateTime: iso.replace(/Z$/, "").replace(/(\.\d+)?$/, ".0000000"),
  timeZone: "UTC",
});
const recipient = (a: MailAddress) => ({ emailAddress: { name: a.name, address: a.address } });

export function eventJson(e: CalendarEvent, ownerOid: string, ownerMail: string): Record<string, unknown> {
  const organizer = e.organizer.address.toLowerCase() === ownerMail.toLowerCase();
  const changeKey = Buffer.from(`${e.id}${ownerOid}`).toString("base64").slice(0, 24);
  return {
    "@odata.etag": `W/"${changeKey}"`,
    id: e.id,
    createdDateTime: e.createdDateTime,
    lastModifiedDateTime: e.createdDateTime,
    changeKey,
    categories: [],
    transactionId: null,
    originalStartTimeZone: "UTC",
    originalEndTimeZone: "UTC",
    iCalUId: `040000008200E00074C5B7101A82E008${Buffer.from(e.id).toString("hex").slice(0, 32).toUpperCase()}`,
    reminderMinutesBeforeStart: 15,
    isReminderOn: true,
    hasAttachments: false,
    subject: e.subject,
    bodyPreview: e.body.content
      .replace(/<[^>]+>/g, " ")
      .replace(/\s+/g, " ")
      .trim()
      .slice(0, 255),
    importance: e.importance,
    sensitivity: e.sensitivity,
    isAllDay: e.isAllDay,
    isCancelled: false,
    isOrganizer: organizer,
    responseRequested: true,
    seriesMasterId: null,
    showAs: e.showAs,
    type: "singleInstance",
    webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(e.id)}&exvsurl=1&path=/calendar/item`,
    onlineMeetingUrl: null,
    isOnlineMeeting: e.isOnlineMeeting,
    onlineMeetingProvider: e.isOnlineMeeting ? "teamsForBusiness" : "unknown",
    allowNewTimeProposals: true,
    responseStatus: { response: organizer ? "organizer" : "accepted", time: e.createdDateTime },
    body: e.body,
    start: graphTime(e.start),
    end: graphTime(e.end),
    location: { displayName: e.location, locationType: "default", uniqueIdType: "unknown" },
    locations: e.location
      ? [{ displayName: e.location, locationType: "default", uniqueIdType: "unknown" }]
      : [],
    attendees: e.attendees.map((a) => ({
      type: "required",
      status: { response: "accepted", time: e.createdDateTime },
      ...recipient(a),
    })),
    organizer: recipient(e.organizer),
    onlineMeeting: e.isOnlineMeeting
      ? { joinUrl: `https://teams.microsoft.com/l/meetup-join/${e.id.slice(5, 21)}` }
      : null,
  };
}
