import type { Context, Hono } from "hono";
import { audienceIn, readBearer } from "../http/bearer-auth.js";
import { graphError, invalidJsonPayload } from "./graph-errors.js";
import type { GraphDeps } from "./graph-routes.js";

/** Graph's JSON batching limit. */
export const MAX_BATCH_REQUESTS = 20;
const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);
// Response headers worth handing back per item (Graph returns the item's own headers).
const ITEM_HEADERS = ["content-type", "location", "retry-after", "odata-version", "preference-applied"];

interface BatchItem {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  dependsOn: string[];
}

interface ItemResponse {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * POST /v1.0/$batch (JSON batching): up to 20 requests, each run against this origin's own routes
 * with the caller's token (so each is authorized, logged and fault-injectable on its own path), in
 * dependsOn order; a request whose dependency failed gets 424 Failed Dependency without running.
 */
export function registerGraphBatchRoutes(app: Hono, deps: GraphDeps): void {
  app.post("/v1.0/$batch", async (c) => {
    const bearer = await readBearer(c, deps);
    // The batch itself is authenticated (a token for Graph); each request is then authorized on its own.
    if (!bearer.ok)
      return graphError(c, 401, "InvalidAuthenticationToken", "Access token validation failure.");
    if (
      !audienceIn(bearer.claims.aud, ["https://graph.microsoft.com", "00000003-0000-0000-c000-000000000000"])
    ) {
      return graphError(
        c,
        401,
        "InvalidAuthenticationToken",
        "Access token validation failure. Invalid audience.",
      );
    }
    let payload: unknown;
    try {
      payload = await c.req.json();
    } catch {
      return invalidJsonPayload(c);
    }
    const parsed = parseBatch(c, payload);
    if (parsed instanceof Response) return parsed;

    const done = new Map<string, Promise<ItemResponse>>();
    const run = (item: BatchItem): Promise<ItemResponse> => {
      let pending = done.get(item.id);
      if (!pending) {
        pending = (async () => {
          const before = await Promise.all(item.dependsOn.map((id) => run(parsed.byId.get(id) as BatchItem)));
          if (before.some((r) => r.status >= 400)) return failedDependency(item.id);
          return dispatch(app, c, deps, item);
        })();
        done.set(item.id, pending);
      }
      return pending;
    };
    const responses = await Promise.all(parsed.items.map(run));
    return c.json({ responses });
  });
}

function parseBatch(
  c: Context,
  payload: unknown,
): { items: BatchItem[]; byId: Map<string, BatchItem> } | Response {
  const requests = (payload as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests)) {
    return graphError(c, 400, "BadRequest", "Invalid batch payload format: a 'requests' array is required.");
  }
  if (requests.length > MAX_BATCH_REQUESTS) {
    return graphError(c, 400, "BadRequest", "Number of requests inside batch exceeds the limit.");
  }
  const items: BatchItem[] = [];
  const byId = new Map<string, BatchItem>();
  for (const raw of requests) {
    const r = (raw ?? {}) as Record<string, unknown>;
    const id = typeof r.id === "string" || typeof r.id === "number" ? String(r.id) : "";
    if (!id || typeof r.method !== "string" || typeof r.url !== "string") {
      return graphError(
        c,
        400,
        "BadRequest",
        "Invalid batch payload format: every request needs an id, a method and a url.",
      );
    }
    if (byId.has(id)) {
      return graphError(c, 400, "BadRequest", `Batch request contains a duplicate request id '${id}'.`);
    }
    const dependsOn = Array.isArray(r.dependsOn) ? r.dependsOn.map(String) : [];
    const headers = Object.fromEntries(
      Object.entries((r.headers ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
    );
    const item = { id, method: r.method.toUpperCase(), url: r.url, headers, body: r.body, dependsOn };
    items.push(item);
    byId.set(id, item);
  }
  for (const item of items) {
    const unknown = item.dependsOn.find((id) => !byId.has(id));
    if (unknown !== undefined) {
      return graphError(
        c,
        400,
        "BadRequest",
        `Request '${item.id}' depends on '${unknown}', which is not in the batch.`,
      );
    }
  }
  if (hasCycle(items, byId)) {
    return graphError(c, 400, "BadRequest", "The dependsOn chain of the batch has a cycle.");
  }
  return { items, byId };
}

function hasCycle(items: BatchItem[], byId: Map<string, BatchItem>): boolean {
  const state = new Map<string, "visiting" | "done">();
  const visit = (item: BatchItem): boolean => {
    const seen = state.get(item.id);
    if (seen === "done") return false;
    if (seen === "visiting") return true;
    state.set(item.id, "visiting");
    const cyclic = item.dependsOn.some((id) => visit(byId.get(id) as BatchItem));
    state.set(item.id, "done");
    return cyclic;
  };
  return items.some(visit);
}

function failedDependency(id: string): ItemResponse {
  return {
    id,
    status: 424,
    headers: { "Content-Type": "application/json" },
    body: {
      error: {
        code: "FailedDependency",
        message: "Failed Dependency: a request this one depends on failed.",
      },
    },
  };
}

function itemError(id: string, status: number, code: string, message: string): ItemResponse {
  return { id, status, headers: { "Content-Type": "application/json" }, body: { error: { code, message } } };
}

/** Runs one request of the batch through this origin's routes (middleware included). */
async function dispatch(app: Hono, c: Context, deps: GraphDeps, item: BatchItem): Promise<ItemResponse> {
  const url = item.url.startsWith("/") ? item.url : `/${item.url}`;
  if (/^[a-z][a-z0-9+.-]*:/i.test(item.url) || url.startsWith("//")) {
    return itemError(
      item.id,
      400,
      "BadRequest",
      "Invalid request URL: give it relative to the service root, e.g. /me.",
    );
  }
  if (/^\/\$batch(?:[/?]|$)/i.test(url)) {
    return itemError(item.id, 400, "BadRequest", "A batch request cannot contain another batch request.");
  }
  const contentType = Object.entries(item.headers).find(([k]) => k.toLowerCase() === "content-type")?.[1];
  if (WRITES.has(item.method) && item.method !== "DELETE" && (item.body === undefined || !contentType)) {
    return itemError(
      item.id,
      400,
      "BadRequest",
      `Write request id : ${item.id} does not contain Content-Type header or body.`,
    );
  }
  const headers = new Headers(item.headers);
  const authorization = c.req.header("authorization");
  if (authorization) headers.set("authorization", authorization);
  const body =
    item.body === undefined || item.method === "GET"
      ? undefined
      : typeof item.body === "string"
        ? item.body
        : JSON.stringify(item.body);
  const response = await app.fetch(
    new Request(`${deps.graphUrl}/v1.0${url}`, {
      method: item.method,
      headers,
      ...(body !== undefined ? { body } : {}),
    }),
  );
  const text = await response.text();
  const out: ItemResponse = { id: item.id, status: response.status };
  const picked: Record<string, string> = {};
  for (const name of ITEM_HEADERS) {
    const value = response.headers.get(name);
    if (value) picked[canonical(name)] = value;
  }
  if (Object.keys(picked).length > 0) out.headers = picked;
  if (text) {
    try {
      out.body = JSON.parse(text);
    } catch {
      out.body = text;
    }
  }
  return out;
}

function canonical(name: string): string {
  return name.replace(
    /(^|-)([a-z])/g,
    (_m, dash: string, letter: string) => `${dash}${letter.toUpperCase()}`,
  );
}
