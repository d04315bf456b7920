import type { Context } from "hono";
import { decodeOffsetToken, encodeOffsetToken } from "../http/offset-token.js";
import { parseIntegerOption } from "../odata/query-options.js";
import { fabricError } from "./fabric-errors.js";

const TOKEN_TAG = "fabric";

/**
 * Fabric list paging: a page plus `continuationToken` and `continuationUri` (absolute, on this
 * origin) while more remain; both are absent on the last page. `maxResults` sets the page size
 * only where the API documents it (`maxResults` option: lakehouse tables); elsewhere the service
 * chooses the page size and ignores the parameter, as an unknown query parameter.
 */
export function fabricPage(
  c: Context,
  fabricUrl: string,
  items: unknown[],
  options: { key: string; pageSize: number; maxResults?: number },
): Response {
  let pageSize = options.pageSize;
  if (options.maxResults !== undefined) {
    const max = parseIntegerOption(c.req.query("maxResults"));
    if (
      max.invalid !== undefined ||
      (max.value !== undefined && (max.value < 1 || max.value > options.maxResults))
    ) {
      return fabricError(
        c,
        400,
        "InvalidParameter",
        `The parameter 'maxResults' must be an integer between 1 and ${options.maxResults}.`,
      );
    }
    pageSize = max.value ?? pageSize;
  }
  const token = c.req.query("continuationToken");
  const offset = token === undefined ? 0 : decodeOffsetToken(token, TOKEN_TAG);
  if (offset === undefined) {
    return fabricError(c, 400, "InvalidContinuationToken", "The continuation token is not valid.");
  }
  const body: Record<string, unknown> = { [options.key]: items.slice(offset, offset + pageSize) };
  if (offset + pageSize < items.length) {
    const next = encodeOffsetToken(offset + pageSize, TOKEN_TAG);
    const uri = new URL(`${fabricUrl}${c.req.path}`);
    for (const [name, value] of new URL(c.req.url).searchParams) {
      if (name !== "continuationToken") uri.searchParams.append(name, value);
    }
    uri.searchParams.set("continuationToken", next);
    body.continuationToken = next;
    body.continuationUri = uri.toString();
  }
  return c.json(body);
}
