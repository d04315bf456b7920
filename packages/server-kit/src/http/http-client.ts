/**
 * One logical HTTP call, on auth-core's node-request.ts (node:https, not fetch: see there why): the
 * token is attached only after the URL passed the API's allowlist, redirects are followed by hand
 * (same origin only), at most a few requests per origin are in flight (origin-slots.ts), throttling
 * of idempotent calls is retried within bounds behind one shared per-origin backoff, and a
 * non-idempotent write is never re-sent (not even after a 429).
 */
import { type NodeResponse, nodeRequest, ResponseTooLargeError } from "@entra-mcp/auth-core/node-request";
import type { HttpMethod } from "../api-description.js";
import type { KitSettings } from "../settings.js";
import { ToolError } from "../tools/tool-error.js";
import { isAllowedUrl, isUnderBasePath, type ResolvedApi } from "./api-endpoint.js";
import { acquireSlot } from "./origin-slots.js";
import { backoffMs, blockHost, hostWaitMs, RETRY_STATUSES, retryAfterMs, wait } from "./retry.js";

export interface HttpCall {
  api: ResolvedApi;
  method: HttpMethod;
  url: URL;
  headers?: Record<string, string>;
  /** JSON text. */
  body?: string;
  idempotent: boolean;
  signal?: AbortSignal | undefined;
  /** Asked only after the URL is known to be allowed. */
  token: () => Promise<string>;
}

/** Why a throttled call gave up. */
export interface RetryOutcome {
  attempts: number;
  waitedMs: number;
  retryAfterMs: number | undefined;
  reason: "attempts" | "wait-budget" | "not-idempotent";
}

export interface HttpResult {
  status: number;
  url: URL;
  headers: ResponseHeaders;
  /** Parsed JSON, text, or undefined for an empty body. */
  body: unknown;
  retry?: RetryOutcome;
}

/** What callers read from response headers (a WHATWG Headers satisfies it too). */
export interface ResponseHeaders {
  get(name: string): string | null;
  forEach(visit: (value: string, name: string) => void): void;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/** Sends the call; API errors come back as results (status >= 400), refusals as ToolError. */
export async function send(
  call: HttpCall,
  settings: KitSettings["http"],
  userAgent: string,
): Promise<HttpResult> {
  const state: SendState = {
    url: call.url,
    method: call.method,
    body: call.body,
    attempts: 0,
    waited: 0,
    redirects: 0,
  };
  for (;;) {
    assertAllowed(call.api, state.url, "request");
    const origin = state.url.origin;
    // One shared backoff per origin: a call waits out any Retry-After another call was given.
    const gate = hostWaitMs(origin);
    if (gate > 0) {
      if (state.waited + gate > settings.maxWaitMs) throw hostBusy(call.api, gate);
      await wait(gate, call.signal);
      state.waited += gate;
    }
    // The token first: a sign-in or Key Vault read must not hold one of the origin's few slots.
    const token = await call.token();
    const release = await acquireSlot(origin, settings.maxConcurrency, call.signal);
    let outcome: Attempt;
    try {
      // Throttled while this call queued for its slot: wait for the gate before sending.
      if (hostWaitMs(origin) > 0) continue;
      outcome = await attempt(call, state, settings, userAgent, token);
    } finally {
      release();
    }
    if (outcome.kind === "result") return outcome.result;
    if (outcome.kind === "again") continue;
    // Retries wait without holding a slot. Throttling closes the origin's gate for every call (the
    // wait happens at the top of the loop); a network error is this call's own business.
    if (outcome.kind === "throttled") {
      blockHost(origin, Date.now() + outcome.delay);
      continue;
    }
    await wait(outcome.delay, call.signal);
    state.waited += outcome.delay;
  }
}

/** What one attempt led to: a result, a redirect to follow, or a retry after `delay`. */
type Attempt =
  | { kind: "result"; result: HttpResult }
  | { kind: "again" }
  | { kind: "throttled"; delay: number }
  | { kind: "network"; delay: number };

/** One request/response exchange, run while holding the origin's slot. */
async function attempt(
  call: HttpCall,
  state: SendState,
  settings: KitSettings["http"],
  userAgent: string,
  token: string,
): Promise<Attempt> {
  state.attempts += 1;
  const headers: Record<string, string> = {
    accept: "application/json",
    "user-agent": userAgent,
    ...call.api.headers,
    ...call.headers,
    authorization: `Bearer ${token}`,
  };
  if (state.body !== undefined) headers["content-type"] = "application/json";
  // One timer per attempt, cleared when the body is read: no timers or listeners outlive a call.
  const timeout = linkedTimeout(call.signal, settings.timeoutMs);
  try {
    let response: NodeResponse;
    try {
      response = await nodeRequest({
        method: state.method,
        url: state.url,
        headers,
        body: state.body,
        signal: timeout.signal,
        maxBytes: settings.maxResponseBytes,
      });
    } catch (error) {
      if (error instanceof ResponseTooLargeError) throw tooLarge(settings.maxResponseBytes);
      if (call.signal?.aborted) throw error;
      const delay = backoffMs(state.attempts - 1);
      if (
        call.idempotent &&
        state.attempts < settings.maxAttempts &&
        state.waited + delay <= settings.maxWaitMs
      ) {
        return { kind: "network", delay };
      }
      throw networkError(state.method, state.url, error, call.idempotent);
    }
    if (followRedirect(call, response, state)) return { kind: "again" };
    if (!RETRY_STATUSES.has(response.status)) {
      return { kind: "result", result: readResult(response, state.url) };
    }
    const after = retryAfterMs(response.headers);
    // A write is never re-sent, not even after a 429: services can answer 429 after they have acted
    // (a probe got two identical mails from one send_mail), and 503/504 may have run it halfway.
    const retryable = call.idempotent;
    const delay = after ?? backoffMs(state.attempts - 1);
    if (retryable && state.attempts < settings.maxAttempts && state.waited + delay <= settings.maxWaitMs) {
      return { kind: "throttled", delay };
    }
    // Not retried here, but every other call to this host still waits out the Retry-After.
    if (after !== undefined) blockHost(state.url.origin, Date.now() + after);
    const result = readResult(response, state.url);
    result.retry = {
      attempts: state.attempts,
      waitedMs: state.waited,
      retryAfterMs: after,
      reason: !retryable
        ? "not-idempotent"
        : state.attempts >= settings.maxAttempts
          ? "attempts"
          : "wait-budget",
    };
    return { kind: "result", result };
  } finally {
    timeout.dispose();
  }
}

interface SendState {
  url: URL;
  method: HttpMethod;
  body: string | undefined;
  attempts: number;
  waited: number;
  redirects: number;
}

/** Handles a 3xx: same origin is followed (method rules as browsers), anything else is refused. */
function followRedirect(call: HttpCall, response: NodeResponse, state: SendState): boolean {
  const location = response.headers.get("location");
  if (!REDIRECTS.has(response.status) || !location) return false;
  const next = new URL(location, state.url);
  assertAllowed(call.api, next, "redirect");
  if (++state.redirects > MAX_REDIRECTS) {
    throw new ToolError("TooManyRedirects", `the API redirected more than ${MAX_REDIRECTS} times.`);
  }
  const status = response.status;
  if (status === 303 || ((status === 301 || status === 302) && state.method === "GET")) {
    state.method = "GET";
    state.body = undefined;
  } else if (status === 301 || status === 302) {
    throw new ToolError(
      "RedirectNotFollowed",
      `the API redirected a ${state.method} (HTTP ${status}); it was not replayed to the new location.`,
    );
  }
  state.url = next;
  return true;
}

/** An AbortSignal that fires on the caller's cancellation or after `ms`; dispose() releases both. */
function linkedTimeout(
  parent: AbortSignal | undefined,
  ms: number,
): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException("The call timed out.", "TimeoutError")),
    ms,
  );
  const onAbort = () => controller.abort(parent?.reason);
  if (parent?.aborted) onAbort();
  else parent?.addEventListener("abort", onAbort, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      parent?.removeEventListener("abort", onAbort);
    },
  };
}

function assertAllowed(
  api: ResolvedApi,
  url: URL,
  what: "request" | "redirect" | "next page" | "poll",
): void {
  if (isAllowedUrl(api, url)) return;
  const where = url.protocol === "https:" || url.protocol === "http:" ? url.origin : url.protocol;
  throw new ToolError(
    "HostNotAllowed",
    what === "redirect"
      ? `the API redirected to ${where}, which is not ${api.origin}; tokens for ${api.title} go only there, so the redirect was not followed.`
      : `refused to call ${where}: tokens for ${api.title} are sent only to ${api.origin}.`,
    { origin: where },
  );
}

/**
 * Checks a nextLink / Location / continuation URL from a response (or a cursor) before it is
 * requested: the API's origin and, stricter than a redirect, a path under the API's base path: a
 * link to /beta or another service on the same host is not this API, so it gets no token.
 */
export function checkFollowUrl(api: ResolvedApi, link: string, base: URL, what: "next page" | "poll"): URL {
  let url: URL;
  try {
    url = new URL(link, base);
  } catch {
    throw new ToolError("InvalidLink", `the API returned a ${what} link that is not a URL.`);
  }
  assertAllowed(api, url, what);
  if (!isUnderBasePath(api, url)) {
    throw new ToolError(
      "PathNotAllowed",
      `refused to call ${url.origin}${url.pathname.slice(0, 200)}: tokens for ${api.title} are sent only to paths under ${api.base}.`,
      { origin: url.origin },
    );
  }
  return url;
}

function hostBusy(api: ResolvedApi, gateMs: number): ToolError {
  const at = new Date(Date.now() + gateMs).toISOString();
  return new ToolError(
    "Throttled",
    `${api.title} asked this server to wait until ${at} (${Math.ceil(gateMs / 1000)} s), longer than it waits per call. Fix: try again after ${at}.`,
    { retryAfterSeconds: Math.ceil(gateMs / 1000), retryAt: at },
  );
}

function networkError(method: string, url: URL, error: unknown, idempotent: boolean): ToolError {
  const cause =
    error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
  const timedOut = error instanceof Error && error.name === "TimeoutError";
  const note = idempotent
    ? ""
    : ` It was not retried: ${method} is not idempotent and may have reached the service; check before calling again.`;
  return new ToolError(
    timedOut ? "Timeout" : "NetworkError",
    `${method} ${url.origin}${url.pathname} ${timedOut ? "timed out" : `failed: ${cause}`}.${note}`,
  );
}

function readResult(response: NodeResponse, url: URL): HttpResult {
  const text = response.text;
  let body: unknown;
  if (text.length > 0) {
    const type = response.headers.get("content-type") ?? "";
    const looksJson = type.includes("json") || /^\s*[{[]/.test(text);
    if (looksJson) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    } else {
      body = text;
    }
  }
  return { status: response.status, url, headers: response.headers, body };
}

function tooLarge(maxBytes: number): ToolError {
  return new ToolError(
    "ResponseTooLarge",
    `the API response is larger than ${Math.round(maxBytes / 1048576)} MB. Fix: narrow the query ($select, $top, $filter).`,
  );
}
