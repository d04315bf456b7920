/**
 * Runs one planned API call end to end: send, poll a long-running operation, follow paging within the
 * page and item caps, strip OData noise and fit the byte budget, leaving a cursor wherever it stopped.
 */
import type { AuthMode, HttpMethod } from "../api-description.js";
import type { ApiClient } from "../http/api-client.js";
import type { ResolvedApi } from "../http/api-endpoint.js";
import { apiError, parseApiError } from "../http/api-error.js";
import { fetchXmlNextLink } from "../http/fetch-xml-paging.js";
import { checkFollowUrl, type HttpResult } from "../http/http-client.js";
import { lastResultSetField, lastResultSetNextLink } from "../http/last-result-set-paging.js";
import { pollLongRunning } from "../http/long-running.js";
import { pollStatus, type StatusPoll } from "../http/status-poll.js";
import { cleanOData } from "../output/clean-odata.js";
import { itemsThatFit, jsonBytes, type Measure, shrinkToFit } from "../output/fit-budget.js";
import { fitTable, type TableResult } from "../output/table-result.js";
import { type CursorState, encodeCursor } from "./cursor.js";
import { cursorStore, MAX_SEEN, type PendingItem } from "./cursor-store.js";
import type { ProgressReporter } from "./progress.js";

export interface CallPlan {
  api: ResolvedApi;
  mode: AuthMode;
  method: HttpMethod;
  url: URL;
  body?: string | undefined;
  headers: Record<string, string>;
  idempotent: boolean;
  /** Follow nextLink / continuation links (within the caps). */
  followPages: boolean;
  /** Items of the first page already returned (from a cursor). */
  skip: number;
  /** The caller's own item limit (an operation's `top`), below the ENTRA_MCP_MAX_ITEMS cap. */
  maxItems?: number | undefined;
  longRunning: boolean;
  /** Follow the operation by id (start response) on a status path, then read its result (http/status-poll.ts). */
  statusPoll?: StatusPoll | undefined;
  permissions: Partial<Record<AuthMode, string[]>> | undefined;
  signal: AbortSignal | undefined;
  /** From a cursor: its listing's key in the cursor store (url + skip are the fallback). */
  resumeKey?: string | undefined;
  /** MCP progress while polling and following pages (when the client sent a progressToken). */
  progress?: ProgressReporter | undefined;
  /** How the budget counts bytes: as the result will be sent (render.ts `measureFor`); default JSON. */
  measure?: Measure | undefined;
  /** The operation's `table` hook: a single response returned as a table (output/table-result.ts). */
  table?: ((body: unknown) => TableResult | undefined) | undefined;
}

export interface CallOutput {
  data: Record<string, unknown>;
  note: string | undefined;
  nextCursor: string | undefined;
}

// Room left in the budget for the note and the cursor.
const RESERVE_BYTES = 1500;

export async function executeCall(client: ApiClient, plan: CallPlan): Promise<CallOutput> {
  // A cursor whose listing is still in the store resumes from it: no request for what was fetched.
  const stored = storedListing(plan);
  if (stored) return collect(client, plan, stored);
  const sent = await client.send(plan.api, plan.mode, {
    method: plan.method,
    url: plan.url,
    body: plan.body,
    headers: plan.headers,
    idempotent: plan.idempotent,
    signal: plan.signal,
  });
  let { result } = sent;
  let token = sent.token;
  if (plan.longRunning && result.status === 202) {
    const polled = await pollLongRunning(
      client,
      plan.api,
      plan.mode,
      result,
      client.settings.lro,
      plan.signal,
      plan.progress,
    );
    result = polled.result;
    token = polled.token ?? token;
  } else if (plan.statusPoll && result.status < 300) {
    const polled = await pollStatus(
      client,
      plan.api,
      plan.mode,
      result,
      plan.statusPoll,
      client.settings.lro,
      plan.signal,
      plan.progress,
    );
    result = polled.result;
    token = polled.token ?? token;
  }
  if (result.status >= 400) {
    throw apiError(result, {
      api: plan.api,
      method: plan.method,
      mode: plan.mode,
      token,
      permissions: plan.permissions,
      manifest: client.description.permissions,
    });
  }
  const field = collectionField(result.body, plan.api.target.paging);
  if (field) return collect(client, plan, firstListing(plan, result, field));
  return single(client, plan, result);
}

function single(client: ApiClient, plan: CallPlan, result: HttpResult): CallOutput {
  const budget = client.settings.maxResultBytes - RESERVE_BYTES;
  const table = result.body === undefined ? undefined : plan.table?.(result.body);
  if (table) {
    const fitted = fitTable(table, budget, client.settings.maxResultBytes, plan.measure);
    return { data: fitted.data, note: fitted.note, nextCursor: undefined };
  }
  let data: Record<string, unknown>;
  if (result.body === undefined) {
    const location = result.headers.get("location");
    data = {
      status: result.status,
      ...(location ? { location: relativeTo(plan.api, location, result.url) } : {}),
    };
  } else if (isRecord(result.body)) {
    data = cleanOData(result.body) as Record<string, unknown>;
  } else {
    data = { value: result.body };
  }
  const fitted = shrinkToFit(data, budget, plan.measure);
  return {
    data: fitted.value as Record<string, unknown>,
    note: fitted.truncated
      ? `Result shortened to fit the ${kb(client.settings.maxResultBytes)} budget (long lists and strings cut, marked "…"). Narrow the query ($select, $top, $filter) for the rest.`
      : undefined,
    nextCursor: undefined,
  };
}

/** A listing in progress: items fetched but not yet returned, and where the next page is. */
interface Listing {
  field: string;
  /** The first page's other fields. */
  rest: Record<string, unknown>;
  pending: PendingItem[];
  next: string | undefined;
  base: string;
  /** Page URLs fetched in this listing (this call and the ones before it, through the cursor). */
  seen: string[];
  /** Pages this call's result already counts (for ENTRA_MCP_MAX_PAGES): held items count as one. */
  pages: number;
}

/** The listing that starts with `page` (the call's own first response). */
function firstListing(plan: CallPlan, page: HttpResult, field: string): Listing {
  const { [field]: values, ...rest } = page.body as Record<string, unknown>;
  const pageUrl = plan.method === "GET" ? page.url.href : undefined;
  const seen = plan.method === "GET" ? [...new Set([plan.url.href, page.url.href])] : [];
  return {
    field,
    rest,
    pending: pendingOf((values as unknown[]).slice(plan.skip), pageUrl, plan.skip),
    next: nextLinkOf(page, plan.api.target.paging),
    base: page.url.href,
    seen,
    pages: 1,
  };
}

/** A listing resumed from the cursor store, when the cursor's entry is still held. */
function storedListing(plan: CallPlan): Listing | undefined {
  if (!plan.resumeKey) return undefined;
  const stored = cursorStore.get(plan.resumeKey);
  if (!stored || stored.api !== plan.api.key || stored.environment !== plan.api.environment) return undefined;
  const { field, rest, pending, next, base, seen } = stored;
  return {
    field,
    rest,
    pending: [...pending],
    next,
    base,
    seen: [...seen],
    pages: pending.length > 0 ? 1 : 0,
  };
}

function pendingOf(values: unknown[], pageUrl: string | undefined, offset: number): PendingItem[] {
  return values.map((value, i) => ({ value, pageUrl, index: offset + i }));
}

async function collect(client: ApiClient, plan: CallPlan, listing: Listing): Promise<CallOutput> {
  const { maxPages } = client.settings;
  const { field } = listing;
  const maxItems = Math.min(client.settings.maxItems, plan.maxItems ?? Number.POSITIVE_INFINITY);
  const capNote =
    maxItems < client.settings.maxItems
      ? `stopped at the requested ${maxItems} items`
      : `stopped at the item cap of ${maxItems} (ENTRA_MCP_MAX_ITEMS)`;
  const rest = cleanOData(listing.rest) as Record<string, unknown>;
  const budget = client.settings.maxResultBytes;
  const size = plan.measure ?? jsonBytes;
  const overhead = size({ ...rest, [field]: [] }) + RESERVE_BYTES;
  const items: PendingItem[] = [];
  const notes: string[] = [];
  // Why paging ended for good (a link refused or looping): kept even when the budget cuts the result.
  const linkNotes: string[] = [];
  let { pending, next, base } = listing;
  const seen = listing.seen;
  // Bytes of the items taken so far: a page is not fetched when what we hold already fills the budget.
  let bytes = overhead;
  let pages = listing.pages;
  for (;;) {
    const take = pending.splice(0, Math.max(0, maxItems - items.length));
    items.push(...take);
    if (take.length > 0)
      bytes += size(
        cleanOData(
          take.map((item) => item.value),
          false,
        ),
      );
    if (pending.length > 0) {
      notes.push(capNote);
      break;
    }
    if (!next) break;
    let linkUrl: URL;
    try {
      linkUrl = checkFollowUrl(plan.api, next, new URL(base), "next page");
    } catch (error) {
      linkNotes.push(`the next-page link was not followed: ${(error as Error).message}`);
      next = undefined;
      break;
    }
    if (seen.includes(linkUrl.href)) {
      // The API sent us back to a page of this listing (the same URL, or A -> B -> A): following it
      // would only return the same items again until a cap.
      linkNotes.push(
        "the next-page link repeats a page already fetched in this listing (the API's paging loops), so paging stopped there",
      );
      next = undefined;
      break;
    }
    next = linkUrl.href;
    if (!plan.followPages || items.length >= maxItems || pages >= maxPages || bytes >= budget) {
      if (plan.followPages && bytes < budget) {
        notes.push(
          items.length >= maxItems ? capNote : `stopped after ${maxPages} pages (ENTRA_MCP_MAX_PAGES)`,
        );
      }
      break;
    }
    plan.progress?.(`Fetching page ${pages + 1} (${items.length} items so far).`);
    const { result } = await client.send(plan.api, plan.mode, {
      method: "GET",
      url: linkUrl,
      headers: plan.headers,
      idempotent: true,
      signal: plan.signal,
    });
    if (result.status >= 400 || collectionField(result.body, plan.api.target.paging) !== field) {
      const { code, message } = parseApiError(result.body);
      notes.push(
        `page ${pages + 1} failed (HTTP ${result.status}${code ? ` ${code}` : ""}${message ? `: ${message}` : ""}); partial results`,
      );
      break;
    }
    seen.push(linkUrl.href, result.url.href);
    const values = (result.body as Record<string, unknown[]>)[field] ?? [];
    pending = pendingOf(values, result.url.href, 0);
    next = nextLinkOf(result, plan.api.target.paging);
    base = result.url.href;
    pages += 1;
  }

  const cleaned = cleanOData(
    items.map((item) => item.value),
    false,
  ) as unknown[];
  let kept = cleaned;
  let left = pending;
  const fit = itemsThatFit(cleaned, budget, overhead, size);
  if (fit < cleaned.length) {
    const count = Math.max(1, fit);
    kept = cleaned.slice(0, count);
    if (fit === 0) kept[0] = shrinkToFit(cleaned[0], Math.max(1024, budget - overhead), size).value;
    left = [...items.slice(count), ...pending];
    notes.splice(0, notes.length, `cut to fit the ${kb(budget)} result budget (ENTRA_MCP_MAX_RESULT_BYTES)`);
  }
  notes.push(...linkNotes);
  const nextCursor = cursorFor(plan, listing, { pending: left, next, base, seen });
  const more = nextCursor ? " More are available: pass nextCursor as `cursor` to continue." : "";
  const note =
    notes.length > 0 || nextCursor
      ? `Returned ${kept.length} items${notes.length > 0 ? `; ${notes.join("; ")}` : ""}.${more}`
      : undefined;
  return { data: { ...rest, [field]: kept }, note, nextCursor };
}

/**
 * The cursor where this result stopped: the store keeps what was fetched and not returned, and the
 * signed cursor carries a fallback (that item's page URL and index, or the next link) for when the
 * store has let the entry go. Nothing to continue, or no GET page to fall back to: no cursor.
 */
function cursorFor(
  plan: CallPlan,
  listing: Listing,
  where: Pick<Listing, "pending" | "next" | "base" | "seen">,
): string | undefined {
  const first = where.pending[0];
  const url = first ? first.pageUrl : where.next;
  if (!url) return undefined;
  const key = cursorStore.put({
    api: plan.api.key,
    environment: plan.api.environment,
    field: listing.field,
    rest: listing.rest,
    pending: where.pending,
    next: where.next,
    base: where.base,
    seen: where.seen.slice(-MAX_SEEN),
  });
  const state: CursorState = {
    api: plan.api.key,
    environment: plan.api.environment,
    url,
    skip: first ? first.index : 0,
    headers: plan.headers,
    key,
  };
  return encodeCursor(state);
}

function nextLinkOf(page: HttpResult, style: string): string | undefined {
  const body = page.body as Record<string, unknown>;
  // Power BI's activity log: continuationToken until lastResultSet (http/last-result-set-paging.ts).
  if (lastResultSetField(body)) return lastResultSetNextLink(page.url, body);
  if (style === "odata") {
    const link = body["@odata.nextLink"];
    if (typeof link === "string" && link) return link;
    // Dataverse FetchXML pages by paging cookie, never by nextLink (http/fetch-xml-paging.ts).
    return fetchXmlNextLink(page.url, body);
  }
  if (style === "continuation") {
    const uri = body.continuationUri;
    if (typeof uri === "string" && uri) return uri;
    const token = body.continuationToken;
    if (typeof token === "string" && token) {
      const url = new URL(page.url);
      url.searchParams.set("continuationToken", token);
      return url.href;
    }
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Where a list response keeps its items: OData's `value`; Fabric's continuation-paged lists name
 * their array per API (`data` for lakehouse tables, `workspaces` and `itemEntities` for the admin
 * lists): the one array beside continuationToken/continuationUri.
 */
function collectionField(body: unknown, style: string): string | undefined {
  if (!isRecord(body)) return undefined;
  if (Array.isArray(body.value)) return "value";
  const logField = lastResultSetField(body);
  if (logField) return logField;
  if (style !== "continuation") return undefined;
  const arrays = Object.keys(body).filter((key) => Array.isArray(body[key]));
  return arrays.length === 1 ? arrays[0] : undefined;
}

function relativeTo(api: ResolvedApi, location: string, base: URL): string {
  try {
    const url = new URL(location, base);
    if (url.origin === api.origin && url.pathname.startsWith(api.basePathname)) {
      return `${url.pathname.slice(api.basePathname.length)}${url.search}`;
    }
    return url.origin === api.origin ? `${url.pathname}${url.search}` : url.origin;
  } catch {
    return "";
  }
}

function kb(bytes: number): string {
  return `${Math.round(bytes / 1024)} KB`;
}
