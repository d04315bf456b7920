/**
 * Sends one planned batch and turns the API's per-request answers into the tool's result. A request
 * the API throttled (429 inside the batch) is re-sent alone after its own Retry-After when it is a
 * read; a write is never re-sent (a 429 does not prove it did nothing), it is reported with its wait.
 * A read that got 424 because such a dependency was throttled is re-sent once the dependency succeeds.
 */
import type { AuthMode } from "../api-description.js";
import type { ApiClient } from "../http/api-client.js";
import { buildUrl, type ResolvedApi } from "../http/api-endpoint.js";
import { apiError, parseApiError } from "../http/api-error.js";
import { backoffMs, retryAfterMs, wait } from "../http/retry.js";
import { checkRelativePath } from "../http/safe-path.js";
import { cleanOData } from "../output/clean-odata.js";
import { type Measure, shrinkToFit } from "../output/fit-budget.js";
import type { CallOutput } from "../tools/execute-call.js";
import type { PlannedItem } from "./batch-plan.js";
import type { BatchSupport } from "./batch-support.js";

/** One request's answer as the tool returns it. */
export interface ItemResult {
  id: string;
  status: number;
  body?: unknown;
  /** Location, Retry-After: the response headers worth passing on. */
  headers?: Record<string, string>;
  /** The next page of a list, as a path for the `request` tool (batch items are one page each). */
  nextPage?: string;
  /** Re-sent alone after the API throttled it inside the batch. */
  retried?: true;
  /** Throttled and not re-sent (a write, or a wait beyond the budget): when it may be tried again. */
  throttled?: { retryAfterSeconds: number | undefined; resent: false; why: string };
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /** When we got it (for its Retry-After). */
  at: number;
}

const PASS_HEADERS = ["location", "retry-after"];
const RESERVE_BYTES = 1500;

export interface BatchCall {
  api: ResolvedApi;
  mode: AuthMode;
  batch: BatchSupport;
  items: PlannedItem[];
  signal: AbortSignal | undefined;
  measure: Measure;
}

export async function runBatch(client: ApiClient, call: BatchCall): Promise<CallOutput> {
  const { api, mode, items, signal } = call;
  const url = buildUrl(api, checkRelativePath(call.batch.path), undefined);
  const payload = {
    requests: items.map((item) => ({
      id: item.id,
      method: item.method,
      url: item.url,
      ...(item.dependsOn.length > 0 ? { dependsOn: item.dependsOn } : {}),
      ...(item.body !== undefined
        ? { body: item.body, headers: { ...item.headers, "Content-Type": "application/json" } }
        : Object.keys(item.headers).length > 0
          ? { headers: item.headers }
          : {}),
    })),
  };
  const reads = items.every((item) => !item.write);
  // The batch POST itself may be re-sent on throttling only when every request in it is a read.
  const sent = await client.send(api, mode, {
    method: "POST",
    url,
    body: JSON.stringify(payload),
    idempotent: reads,
    signal,
  });
  const { result } = sent;
  if (result.status >= 400) {
    throw apiError(result, {
      api,
      method: "POST",
      mode,
      token: sent.token,
      permissions: undefined,
      manifest: client.description.permissions,
    });
  }
  const answers = readAnswers(result.body);
  const outcome = new Map<string, ItemResult>();
  const budgetMs = client.settings.http.maxWaitMs;
  const started = Date.now();
  for (const item of items) {
    const answer = answers.get(item.id);
    if (!answer) {
      outcome.set(item.id, {
        id: item.id,
        status: 0,
        body: { error: { message: "the API returned no response for this request." } },
      });
      continue;
    }
    const dependencyRecovered =
      answer.status === 424 &&
      item.dependsOn.every((id) => (outcome.get(id)?.status ?? 0) < 400) &&
      item.dependsOn.some((id) => outcome.get(id)?.retried);
    if ((answer.status === 429 || dependencyRecovered) && !item.write) {
      const delay = answer.status === 429 ? (retryAfterMs(new Headers(answer.headers)) ?? backoffMs(0)) : 0;
      const remaining = answer.at + delay - Date.now();
      if (Date.now() - started + Math.max(0, remaining) > budgetMs) {
        outcome.set(item.id, {
          ...shape(item.id, answer),
          throttled: {
            retryAfterSeconds: seconds(delay),
            resent: false,
            why: "its Retry-After is longer than this server waits per call",
          },
        });
        continue;
      }
      await wait(remaining, signal);
      const alone = await client.send(api, mode, {
        method: "GET",
        url: buildUrl(api, checkRelativePath(item.url), undefined),
        headers: item.headers,
        idempotent: true,
        signal,
      });
      const headers: Record<string, string> = {};
      alone.result.headers.forEach((value, name) => {
        headers[name] = value;
      });
      outcome.set(item.id, {
        ...shape(item.id, { status: alone.result.status, headers, body: alone.result.body, at: Date.now() }),
        retried: true,
      });
      continue;
    }
    const shaped = shape(item.id, answer);
    if (answer.status === 429) {
      const delay = retryAfterMs(new Headers(answer.headers));
      shaped.throttled = {
        retryAfterSeconds: seconds(delay),
        resent: false,
        why: `${item.method} is a write: it was not re-sent, as a throttled write may still have taken effect`,
      };
    }
    outcome.set(item.id, shaped);
  }
  // Results in the caller's order (the API may answer in any order).
  const responses = [...items]
    .sort((a, b) => a.index - b.index)
    .map((item) => outcome.get(item.id) as ItemResult);
  return fit(client, call.measure, responses, items);
}

function readAnswers(body: unknown): Map<string, Answer> {
  const answers = new Map<string, Answer>();
  const list = (body as { responses?: unknown } | undefined)?.responses;
  if (!Array.isArray(list)) return answers;
  const at = Date.now();
  for (const raw of list) {
    const r = (raw ?? {}) as Record<string, unknown>;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries((r.headers ?? {}) as Record<string, unknown>)) {
      headers[name.toLowerCase()] = String(value);
    }
    answers.set(String(r.id), { status: Number(r.status), headers, body: r.body, at });
  }
  return answers;
}

function shape(id: string, answer: Answer): ItemResult {
  const out: ItemResult = { id, status: answer.status };
  const headers: Record<string, string> = {};
  for (const name of PASS_HEADERS) {
    const value = answer.headers[name];
    if (value) headers[name === "location" ? "Location" : "Retry-After"] = value;
  }
  if (Object.keys(headers).length > 0) out.headers = headers;
  const next = (answer.body as Record<string, unknown> | undefined)?.["@odata.nextLink"];
  if (typeof next === "string") {
    try {
      const link = new URL(next);
      const version = link.pathname.match(/^\/[^/]+/)?.[0] ?? "";
      out.nextPage = `${link.pathname.slice(version.length)}${link.search}`;
    } catch {
      // A relative or broken link: leave it out rather than guess.
    }
  }
  if (answer.body !== undefined && answer.body !== "") out.body = cleanOData(answer.body);
  return out;
}

function seconds(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : Math.ceil(ms / 1000);
}

function fit(client: ApiClient, measure: Measure, responses: ItemResult[], items: PlannedItem[]): CallOutput {
  const budget = client.settings.maxResultBytes - RESERVE_BYTES;
  const fitted = shrinkToFit({ responses }, budget, measure);
  const failed = responses.filter((r) => r.status >= 400);
  const notes: string[] = [`${responses.length - failed.length} of ${responses.length} requests succeeded`];
  if (failed.length > 0) {
    notes.push(
      `failed: ${failed
        .map((r) => {
          const { code } = parseApiError(r.body);
          return `${r.id} (HTTP ${r.status}${code ? ` ${code}` : ""})`;
        })
        .join(", ")}`,
    );
  }
  const retried = responses.filter((r) => r.retried).map((r) => r.id);
  if (retried.length > 0) notes.push(`re-sent alone after throttling: ${retried.join(", ")}`);
  const held = responses.filter((r) => r.throttled);
  if (held.length > 0) {
    notes.push(
      `throttled and not re-sent: ${held.map((r) => `${r.id}${r.throttled?.retryAfterSeconds !== undefined ? ` (retry after ${r.throttled.retryAfterSeconds} s)` : ""}`).join(", ")}${held.some((r) => items.find((i) => i.id === r.id)?.write) ? "; check whether a throttled write took effect before sending it again" : ""}`,
    );
  }
  if (responses.some((r) => r.nextPage))
    notes.push("lists are one page each: pass nextPage to `request` for more");
  if (fitted.truncated)
    notes.push('shortened to fit the result budget (long lists and strings cut, marked "…")');
  return {
    data: fitted.value as Record<string, unknown>,
    note: `${notes.join("; ")}.`,
    nextCursor: undefined,
  };
}
