import type { Context, Hono } from "hono";
import { newGuid } from "../ids.js";
import {
  type FilterExpression,
  matchesFilter,
  ODataSyntaxError,
  parseFilter,
} from "../odata/filter-expression.js";
import { authorizePowerBiAdmin, type PowerBiDeps } from "./powerbi-auth.js";

const SLICE_MS = 6 * 3_600_000;
const FILTER_PROPERTIES = new Set(["Activity", "UserId"]);
const TOKEN_PREFIX = "+RID:~";

interface Cursor {
  /** Window start and end (ms), the $filter text, and the index of the slice to return. */
  s: number;
  e: number;
  f?: string;
  i: number;
}

/**
 * Admin - Get Activity Events (GET admin/activityevents). As the reference says: either a
 * continuationToken, or both startDateTime and endDateTime — ISO 8601 UTC, wrapped in single
 * quotes, in the same UTC day; $filter on Activity and/or UserId with eq and `and` only.
 * The window is served in 6-hour slices, one per response, so a slice without events is an
 * empty page that is not the last one; lastResultSet marks the last slice. Every page carries
 * a continuationToken (URL-encoded, as the service sends it) and a continuationUri; a client
 * must stop on lastResultSet, not on a missing token.
 */
export function registerPowerBiActivityRoutes(app: Hono, deps: PowerBiDeps): void {
  const catalog = deps.workspaces.powerBi;
  const path = "/v1.0/myorg/admin/activityevents";

  app.get(path, async (c) => {
    const claims = await authorizePowerBiAdmin(c, deps);
    if (claims instanceof Response) return claims;
    const token = c.req.query("continuationToken");
    const start = c.req.query("startDateTime");
    const end = c.req.query("endDateTime");
    const filterText = c.req.query("$filter");
    let cursor: Cursor;
    if (token !== undefined) {
      if (start !== undefined || end !== undefined || filterText !== undefined) {
        return badRequest(
          c,
          "continuationToken",
          "Provide either a continuationToken or startDateTime and endDateTime, not both.",
        );
      }
      const decoded = decodeToken(token);
      if (!decoded)
        return badRequest(c, "continuationToken", `'${token}' is not a valid continuation token.`);
      cursor = decoded;
    } else {
      if (start === undefined || end === undefined) {
        return badRequest(
          c,
          "startDateTime",
          "Provide either a continuationToken or both startDateTime and endDateTime.",
        );
      }
      const s = quotedDate(start);
      if (s === undefined) return badRequest(c, "startDateTime", invalidDate(start, "startDateTime"));
      const e = quotedDate(end);
      if (e === undefined) return badRequest(c, "endDateTime", invalidDate(end, "endDateTime"));
      if (new Date(s).toISOString().slice(0, 10) !== new Date(e).toISOString().slice(0, 10) || e < s) {
        return badRequest(
          c,
          "endDateTime",
          "startDateTime and endDateTime must be in the same UTC day, start first.",
        );
      }
      if (filterText !== undefined) {
        const problem = checkFilter(filterText);
        if (problem) return badRequest(c, "$filter", problem);
      }
      cursor = { s, e, ...(filterText !== undefined ? { f: filterText } : {}), i: 0 };
    }
    const slices = Math.max(1, Math.ceil((cursor.e - cursor.s + 1) / SLICE_MS));
    const index = Math.min(cursor.i, slices - 1);
    const from = cursor.s + index * SLICE_MS;
    const to = Math.min(cursor.e, from + SLICE_MS - 1);
    const filter = cursor.f ? parseFilter(cursor.f) : undefined;
    const entities = catalog.activity.filter((event) => {
      const at = Date.parse(event.CreationTime);
      return at >= from && at <= to && (!filter || matchesFilter(filter, event));
    });
    const last = index >= slices - 1;
    const next = encodeURIComponent(encodeToken({ ...cursor, i: last ? index : index + 1 }));
    return c.json(
      {
        activityEventEntities: entities,
        continuationUri: `${deps.powerBiUrl}${path}?continuationToken='${next}'`,
        continuationToken: next,
        lastResultSet: last,
      },
      200,
      { RequestId: newGuid() },
    );
  });
}

/** A quoted ISO 8601 UTC date-time ('2024-05-01T00:00:00.000Z') as ms, or undefined. */
function quotedDate(value: string): number | undefined {
  const match = /^'(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z?)'$/.exec(value);
  if (!match?.[1]) return undefined;
  const text = match[1].endsWith("Z") ? match[1] : `${match[1]}Z`;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

function invalidDate(value: string, name: string): string {
  return value.startsWith("'")
    ? `'${value}' is not a valid value for ${name}: use ISO 8601 UTC, e.g. '2024-05-01T00:00:00.000Z'.`
    : `${name} must be wrapped in single quotes, e.g. ${name}='2024-05-01T00:00:00.000Z'.`;
}

/** Only Activity and UserId, compared with eq, joined by and (the reference's limits). */
function checkFilter(text: string): string | undefined {
  let expression: FilterExpression;
  try {
    expression = parseFilter(text);
  } catch (error) {
    if (error instanceof ODataSyntaxError) return error.message;
    throw error;
  }
  const walk = (e: FilterExpression): string | undefined => {
    if (e.kind === "and") return walk(e.left) ?? walk(e.right);
    if (e.kind === "compare" && e.op === "eq" && FILTER_PROPERTIES.has(e.property)) return undefined;
    return "$filter supports only Activity and UserId with eq, joined by and.";
  };
  return walk(expression);
}

function encodeToken(cursor: Cursor): string {
  return `${TOKEN_PREFIX}${Buffer.from(JSON.stringify(cursor)).toString("base64")}`;
}

function decodeToken(token: string): Cursor | undefined {
  const match = /^'(.*)'$/.exec(token);
  const raw = match?.[1];
  if (!raw?.startsWith(TOKEN_PREFIX)) return undefined;
  try {
    const cursor = JSON.parse(
      Buffer.from(raw.slice(TOKEN_PREFIX.length), "base64").toString("utf8"),
    ) as Cursor;
    return typeof cursor.s === "number" && typeof cursor.e === "number" && typeof cursor.i === "number"
      ? cursor
      : undefined;
  } catch {
    return undefined;
  }
}

/** Power BI's model-validation error shape, naming the parameter. */
function badRequest(c: Context, target: string, message: string): Response {
  return c.json(
    { error: { code: "BadRequest", message: "Bad Request", details: [{ message, target }] } },
    400,
    {
      RequestId: newGuid(),
    },
  );
}
