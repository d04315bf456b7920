/**
 * Strips OData noise the model does not need: context URLs, etags, edit/read/navigation links, paging
 * links (replaced by our cursor) and `@odata.type` where every item of a list has the same one.
 */
import { FETCH_XML_PAGING_ANNOTATIONS } from "../http/fetch-xml-paging.js";

const DROP = new Set([
  "@odata.context",
  "@odata.etag",
  "@odata.metadataEtag",
  "@odata.id",
  "@odata.editLink",
  "@odata.readLink",
  "@odata.nextLink",
  "@odata.mediaEtag",
  "@odata.mediaReadLink",
  "@odata.mediaEditLink",
  // Dataverse FetchXML paging (http/fetch-xml-paging.ts): the cursor replaces them.
  ...FETCH_XML_PAGING_ANNOTATIONS,
]);
const DROP_SUFFIX =
  /^[^@].*@odata\.(?:navigationLink|associationLink|type|etag|mediaEtag|mediaReadLink|mediaEditLink)$/;
const ETAG = /^e?tag$/i;
const MAX_DEPTH = 64;

/** Returns a cleaned copy; `topLevelPaging` also drops Fabric's continuationToken/continuationUri. */
export function cleanOData(value: unknown, topLevelPaging = true): unknown {
  const cleaned = clean(value, 0);
  if (topLevelPaging && cleaned && typeof cleaned === "object" && !Array.isArray(cleaned)) {
    const record = cleaned as Record<string, unknown>;
    delete record.continuationToken;
    delete record.continuationUri;
  }
  return cleaned;
}

function clean(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== "object" || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return cleanArray(value, depth);
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (DROP.has(key) || DROP_SUFFIX.test(key) || ETAG.test(key)) continue;
    out[key] = clean(child, depth + 1);
  }
  return out;
}

function cleanArray(items: unknown[], depth: number): unknown[] {
  const out = items.map((item) => clean(item, depth + 1));
  // One shared @odata.type says nothing; mixed types (user / group / servicePrincipal members) do.
  const types = new Set<unknown>();
  let objects = 0;
  for (const item of out) {
    if (item && typeof item === "object" && !Array.isArray(item)) {
      objects += 1;
      types.add((item as Record<string, unknown>)["@odata.type"]);
    }
  }
  if (objects === out.length && types.size === 1) {
    for (const item of out) delete (item as Record<string, unknown>)["@odata.type"];
  }
  return out;
}
