/**
 * Runs one planned API call end to end: send, poll a long-running operation, follow paging within the
 * page and item caps, strip OData noise and fit the byte budget, leaving a cursor wherever it stopped.
 */
import type { AuthMode, HttpMethod } from "../api-description.js";
import type { ApiClient } from "../http/api-client.js";
import type { ResolvedApi } from "../http/api-endpoint.js";
import { apiError, parseApiError } from "../http/api-error.js";
import { checkFollowUrl, type HttpResult } from "../http/http-client.js";
import { pollLongRunning } from "../http/long-running.js";
import { cleanOData } from "../output/clean-odata.js";
import { itemsThatFit, jsonBytes, shrinkToFit } from "../output/fit-budget.js";
import { fitTable, type TableResult } from "../output/table-result.js";
import { type CursorState, encodeCursor } from "./cursor.js";

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
  permissions: Partial<Record<AuthMode, string[]>> | undefined;
  signal: AbortSignal | undefined;
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
  if (field) return collect(client, plan, result, field);
  return single(client, plan, result);
}

function single(client: ApiClient, plan: CallPlan, result: HttpResult): CallOutput {
  const budget = client.settings.maxResultBytes - RESERVE_BYTES;
  const table = result.body === undefined ? undefined : plan.table?.(result.body);
  if (table) {
    const fitted = fitTable(table, budget, client.settings.maxResultBytes);
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
  const fitted = shrinkToFit(data, budget);
  return {
    data: fitted.value as Record<string, unknown>,
    note: fitted.truncated
      ? `Result shortened to fit the ${kb(client.settings.maxResultBytes)} budget (long lists and strings cut, marked "…"). Narrow the query ($select, $top, $filter) for the rest.`
      : undefined,
    nextCursor: undefined,
  };
}

async function collect(
  client: ApiClient,
  plan: CallPlan,
  firstResult: HttpResult,
  field: string,
): Promise<CallOutput> {
  const { maxPages } = client.settings;
  const maxItems = Math.min(client.settings.maxItems, plan.maxItems ?? Number.POSITIVE_INFINITY);
  const capNote =
    maxItems < client.settings.maxItems
      ? `stopped at the requested ${maxItems} items`
      : `stopped at the item cap of ${maxItems} (ENTRA_MCP_MAX_ITEMS)`;
  const firstBody = firstResult.body as Record<string, unknown>;
  const items: unknown[] = [];
  const refs: { url: string | undefined; index: number }[] = [];
  const notes: string[] = [];
  let next: URL | undefined;
  let nextSkip = 0;
  let page = firstResult;
  let pageIsGet = plan.method === "GET";
  let skip = plan.skip;
  let pages = 1;
  for (;;) {
    const values = (page.body as Record<string, unknown[]>)[field] ?? [];
    let index = skip;
    for (; index < values.length && items.length < maxItems; index++) {
      items.push(values[index]);
      refs.push({ url: pageIsGet ? page.url.href : undefined, index });
    }
    skip = 0;
    if (index < values.length) {
      if (pageIsGet) {
        next = page.url;
        nextSkip = index;
      }
      notes.push(capNote);
      break;
    }
    const link = nextLinkOf(page, plan.api.target.paging);
    if (!link) break;
    let linkUrl: URL;
    try {
      linkUrl = checkFollowUrl(plan.api, link, page.url, "next page");
    } catch (error) {
      notes.push(`the next-page link was not followed: ${(error as Error).message}`);
      break;
    }
    if (!plan.followPages || items.length >= maxItems || pages >= maxPages) {
      next = linkUrl;
      if (plan.followPages) {
        notes.push(
          items.length >= maxItems ? capNote : `stopped after ${maxPages} pages (ENTRA_MCP_MAX_PAGES)`,
        );
      }
      break;
    }
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
      next = linkUrl;
      break;
    }
    page = result;
    pageIsGet = true;
    pages += 1;
  }

  const { [field]: _items, ...restRaw } = firstBody;
  const rest = cleanOData(restRaw) as Record<string, unknown>;
  const cleaned = cleanOData(items, false) as unknown[];
  const budget = client.settings.maxResultBytes;
  const overhead = jsonBytes({ ...rest, [field]: [] }) + RESERVE_BYTES;
  let kept = cleaned;
  const fit = itemsThatFit(cleaned, budget, overhead);
  if (fit < cleaned.length) {
    const count = Math.max(1, fit);
    kept = cleaned.slice(0, count);
    if (fit === 0) kept[0] = shrinkToFit(cleaned[0], Math.max(1024, budget - overhead)).value;
    const ref = refs[count];
    next = ref?.url ? new URL(ref.url) : undefined;
    nextSkip = ref?.index ?? 0;
    notes.splice(0, notes.length, `cut to fit the ${kb(budget)} result budget (ENTRA_MCP_MAX_RESULT_BYTES)`);
  }
  const state: CursorState | undefined = next
    ? {
        api: plan.api.key,
        environment: plan.api.environment,
        url: next.href,
        skip: nextSkip,
        headers: plan.headers,
      }
    : undefined;
  const more = state ? " More are available: pass nextCursor as `cursor` to continue." : "";
  const note =
    notes.length > 0 || state
      ? `Returned ${kept.length} items${notes.length > 0 ? `; ${notes.join("; ")}` : ""}.${more}`
      : undefined;
  return { data: { ...rest, [field]: kept }, note, nextCursor: state ? encodeCursor(state) : undefined };
}

function nextLinkOf(page: HttpResult, style: string): string | undefined {
  const body = page.body as Record<string, unknown>;
  if (style === "odata") {
    const link = body["@odata.nextLink"];
    return typeof link === "string" && link ? link : undefined;
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
 * Where a list response keeps its items: OData's `value`; Fabric's continuation-paged lists that
 * use `data` (e.g. lakehouse tables) next to continuationToken/continuationUri.
 */
function collectionField(body: unknown, style: string): string | undefined {
  if (!isRecord(body)) return undefined;
  if (Array.isArray(body.value)) return "value";
  if (style === "continuation" && Array.isArray(body.data)) return "data";
  return undefined;
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
