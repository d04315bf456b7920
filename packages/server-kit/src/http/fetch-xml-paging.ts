/**
 * Dataverse FetchXML paging. A `?fetchXml=` query never gets an @odata.nextLink: when asked for the
 * annotations (Prefer: odata.include-annotations="Microsoft.Dynamics.CRM.fetchxmlpagingcookie,
 * Microsoft.Dynamics.CRM.morerecords"), a page says `@Microsoft.Dynamics.CRM.morerecords: true` and
 * carries `@Microsoft.Dynamics.CRM.fetchxmlpagingcookie`, an XML element
 * `<cookie pagenumber="2" pagingcookie="%253ccookie..." istracking="False" />` whose pagingcookie is
 * URL-encoded twice. The next page is the same FetchXML with `page` set to that page number and
 * `paging-cookie` set to the decoded cookie (XML-escaped inside the attribute); without a cookie
 * (queries Dataverse cannot page by cookie) it falls back to simple paging: page + 1 alone.
 * See learn.microsoft.com/power-apps/developer/data-platform/fetchxml/page-results (Web API tab).
 */

const MORE_RECORDS = "@Microsoft.Dynamics.CRM.morerecords";
const PAGING_COOKIE = "@Microsoft.Dynamics.CRM.fetchxmlpagingcookie";

/** The annotations a FetchXML query must ask for to be paged (the Prefer header's value). */
export const FETCH_XML_PAGING_PREFER =
  'odata.include-annotations="Microsoft.Dynamics.CRM.fetchxmlpagingcookie,Microsoft.Dynamics.CRM.morerecords"';

/** The response annotations this module consumes (dropped from results: the cursor replaces them). */
export const FETCH_XML_PAGING_ANNOTATIONS = [MORE_RECORDS, PAGING_COOKIE] as const;

// The root <fetch ...> start tag: attributes with quoted values (a quoted value may hold ">").
// Only this one tag is rewritten and the rest of the query is kept byte for byte, which an XML
// parse-and-serialize round trip (fast-xml-parser or similar) would not guarantee; hence a
// tokenizer for one start tag rather than a library.
const FETCH_START = /<\s*fetch((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/;
const ATTRIBUTE = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/**
 * The next page's URL for a FetchXML page whose body says morerecords, or undefined (not FetchXML,
 * no more records, or a fetch element this cannot rewrite).
 */
export function fetchXmlNextLink(pageUrl: URL, body: Record<string, unknown>): string | undefined {
  if (body[MORE_RECORDS] !== true) return undefined;
  const fetchXml = pageUrl.searchParams.get("fetchXml");
  if (!fetchXml) return undefined;
  const start = FETCH_START.exec(fetchXml);
  if (!start) return undefined;
  const attributes = readAttributes(start[1] ?? "");
  const current = Number(attributes.get("page") ?? "1");
  const cookie = readCookie(body[PAGING_COOKIE]);
  const nextPage = cookie?.pageNumber ?? (Number.isInteger(current) && current > 0 ? current + 1 : 2);
  attributes.set("page", String(nextPage));
  if (cookie?.pagingCookie) attributes.set("paging-cookie", cookie.pagingCookie);
  else attributes.delete("paging-cookie");
  const rewritten = `<fetch${[...attributes].map(([name, value]) => ` ${name}="${escapeXml(value)}"`).join("")}${start[2] ? " /" : ""}>`;
  const next = new URL(pageUrl.href);
  next.searchParams.set(
    "fetchXml",
    fetchXml.slice(0, start.index) + rewritten + fetchXml.slice(start.index + start[0].length),
  );
  return next.href;
}

function readAttributes(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of text.matchAll(ATTRIBUTE)) {
    attributes.set(match[1] ?? "", unescapeXml(match[2] ?? match[3] ?? ""));
  }
  return attributes;
}

/** The annotation's page number and its pagingcookie, URL-decoded twice; undefined if unreadable. */
function readCookie(annotation: unknown): { pageNumber?: number; pagingCookie?: string } | undefined {
  if (typeof annotation !== "string") return undefined;
  const start = /<\s*cookie((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/.exec(annotation);
  if (!start) return undefined;
  const attributes = readAttributes(start[1] ?? "");
  const page = Number(attributes.get("pagenumber"));
  const raw = attributes.get("pagingcookie");
  let pagingCookie: string | undefined;
  try {
    pagingCookie = raw ? decodeURIComponent(decodeURIComponent(raw)) : undefined;
  } catch {
    pagingCookie = undefined;
  }
  return {
    ...(Number.isInteger(page) && page > 0 ? { pageNumber: page } : {}),
    ...(pagingCookie ? { pagingCookie } : {}),
  };
}

function escapeXml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;");
}

function unescapeXml(value: string): string {
  return value
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&apos;", "'")
    .replaceAll("&amp;", "&");
}
