/**
 * Power BI's admin activity log pages (GET admin/activityevents): the items sit in the page's one
 * array field (activityEventEntities) beside continuationToken, continuationUri and lastResultSet.
 * Paging ends on lastResultSet — not on a missing token: the service sends a token on every page,
 * and a page with no items is not the end (the log is served in time slices, some of them empty).
 *
 * The next page is this API's own URL with only continuationToken='<token>': the token is sent
 * back exactly as it came (it arrives URL-encoded and wrapped in single quotes, as the reference's
 * continuationUri shows), never encoded again. The continuationUri itself is not followed: it names
 * a regional redirect host (wabi-*-redirect.analysis.windows.net) that is not on the allowlist.
 */

/** A page of this shape: its item field (the one array), or undefined for any other body. */
export function lastResultSetField(body: Record<string, unknown>): string | undefined {
  if (typeof body.lastResultSet !== "boolean" || typeof body.continuationToken !== "string") return undefined;
  const arrays = Object.keys(body).filter((key) => Array.isArray(body[key]));
  return arrays.length === 1 ? arrays[0] : undefined;
}

/** The next page's URL, or undefined when this page is the last result set (or not of this shape). */
export function lastResultSetNextLink(pageUrl: URL, body: Record<string, unknown>): string | undefined {
  if (!lastResultSetField(body) || body.lastResultSet === true) return undefined;
  const token = body.continuationToken as string;
  if (!token) return undefined;
  const next = new URL(pageUrl.href);
  // Quoted and verbatim: the token is already URL-encoded (%2B, %3D ...); URL keeps those escapes.
  next.search = `?continuationToken='${token}'`;
  return next.href;
}
