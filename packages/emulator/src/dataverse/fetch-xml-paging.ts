import { DataverseQueryError } from "./dataverse-errors.js";
import type { EntityDefinition } from "./entity-definitions.js";

/**
 * FetchXML paging cookies as Dataverse writes them. The annotation is
 * `<cookie pagenumber="N+1" pagingcookie="..." istracking="False" />` whose pagingcookie is the
 * inner cookie URL-encoded twice; the inner cookie names the page and the first and last values of
 * the order column and the primary key: `<cookie page="N"><name last=".." first=".." /><accountid
 * last="{GUID}" first="{GUID}" /></cookie>`. The client sets it, decoded and XML-escaped, as the
 * fetch element's paging-cookie with page="N+1"; the emulator continues after the `last` key.
 */

const escapeXml = (value: string) =>
  value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

const braced = (id: unknown) => `{${String(id ?? "").toUpperCase()}}`;

export function pagingCookieAnnotation(
  page: number,
  definition: EntityDefinition,
  orderAttribute: string | undefined,
  first: Record<string, unknown>,
  last: Record<string, unknown>,
): string {
  const pk = definition.primaryIdAttribute;
  const order =
    orderAttribute && orderAttribute !== pk
      ? `<${orderAttribute} last="${escapeXml(String(last[orderAttribute] ?? ""))}" first="${escapeXml(String(first[orderAttribute] ?? ""))}" />`
      : "";
  const inner = `<cookie page="${page}">${order}<${pk} last="${braced(last[pk])}" first="${braced(first[pk])}" /></cookie>`;
  return `<cookie pagenumber="${page + 1}" pagingcookie="${encodeURIComponent(encodeURIComponent(inner))}" istracking="False" />`;
}

/** The page number and the last primary key of a fetch element's paging-cookie; 400 when unreadable. */
export function readPagingCookie(
  cookie: string,
  definition: EntityDefinition,
): { page: number; lastId: string } {
  const page = /^\s*<cookie\s+page="(\d+)"\s*>[\s\S]*<\/cookie>\s*$/.exec(cookie)?.[1];
  const lastId = new RegExp(`<${definition.primaryIdAttribute}\\s+last="\\{([0-9A-Fa-f-]{36})\\}"`).exec(
    cookie,
  )?.[1];
  if (!page || !lastId) {
    // Dataverse refuses a paging-cookie it cannot read as invalid FetchXML.
    throw new DataverseQueryError(
      400,
      "0x80041103",
      "The paging-cookie attribute of the fetch element is not a valid paging cookie.",
    );
  }
  return { page: Number(page), lastId: lastId.toLowerCase() };
}
