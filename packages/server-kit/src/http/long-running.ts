/**
 * Long-running operations (202 + Location + Retry-After, as Fabric jobs and operations answer): the
 * Location is polled (allowlist-checked) until a terminal status, the deadline, or MCP cancellation,
 * at an interval with a floor, reporting MCP progress while it waits.
 */
import type { AuthMode } from "../api-description.js";
import type { KitSettings } from "../settings.js";
import type { ProgressReporter } from "../tools/progress.js";
import { ToolError } from "../tools/tool-error.js";
import type { ApiClient } from "./api-client.js";
import type { ResolvedApi } from "./api-endpoint.js";
import { checkFollowUrl, type HttpResult, type ResponseHeaders } from "./http-client.js";
import { retryAfterMs, wait } from "./retry.js";

// Exported for status-poll.ts, which follows operations by id under the same rules.
export const RUNNING_STATES = new Set([
  "notstarted",
  "inprogress",
  "running",
  "queued",
  "waiting",
  "accepted",
]);
export const SUCCEEDED_STATES = new Set(["succeeded", "completed", "success"]);
export const FAILED_STATES = new Set(["failed", "cancelled", "canceled", "deduped", "error"]);
const MAX_POLL_MS = 30_000;
const MIN_HONOURED_MS = 250;

export interface PollOutcome {
  /** The final response (the operation's result, or its last status). */
  result: HttpResult;
  token: string | undefined;
}

/** Polls a 202's Location until done; throws ToolError on failure or at the deadline. */
export async function pollLongRunning(
  client: ApiClient,
  api: ResolvedApi,
  mode: AuthMode,
  accepted: HttpResult,
  settings: KitSettings["lro"],
  signal: AbortSignal | undefined,
  progress?: ProgressReporter,
): Promise<PollOutcome> {
  const deadline = Date.now() + settings.timeoutMs;
  let location = locationOf(api, accepted);
  if (!location) return { result: accepted, token: undefined };
  const interval = new PollInterval(settings);
  let delay = interval.next(accepted.headers);
  let polls = 0;
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw deadlineError(api, location, settings.timeoutMs);
    await wait(Math.min(delay, remaining), signal);
    const { result, token } = await client.send(api, mode, {
      method: "GET",
      url: location,
      idempotent: true,
      signal,
    });
    polls += 1;
    if (result.status >= 400) return { result, token };
    const status = statusOf(result.body);
    const next = locationOf(api, result);
    if (result.status === 202 || (status && RUNNING_STATES.has(status))) {
      if (next) location = next;
      delay = interval.next(result.headers);
      progress?.(runningMessage(api, result.body, polls, Date.now() + delay), percentOf(result.body));
      continue;
    }
    if (status && FAILED_STATES.has(status)) throw operationFailure(api, result);
    if (status && SUCCEEDED_STATES.has(status) && next && next.href !== location.href) {
      // Fabric operations: the state says Succeeded and Location points at .../result.
      const final = await client.send(api, mode, { method: "GET", url: next, idempotent: true, signal });
      return { result: final.result, token: final.token };
    }
    return { result, token };
  }
}

/**
 * The wait before the next poll. A usable Retry-After is honoured (never below MIN_HONOURED_MS, so a
 * tiny value cannot turn into a storm either); a zero, missing or unparsable one gets a floor that
 * starts at settings.minPollMs and grows by half each time up to settings.maxPollMs: a service that
 * says "0" forever is polled about ten times a minute, not thousands of times a second.
 */
export class PollInterval {
  private floor: number;
  private readonly max: number;

  constructor(settings: Pick<KitSettings["lro"], "minPollMs" | "maxPollMs">) {
    this.floor = settings.minPollMs;
    this.max = Math.max(settings.minPollMs, settings.maxPollMs);
  }

  next(headers: ResponseHeaders): number {
    const after = retryAfterMs(headers);
    if (after !== undefined && after > 0) return Math.min(Math.max(after, MIN_HONOURED_MS), MAX_POLL_MS);
    const delay = this.floor;
    this.floor = Math.min(this.max, Math.round(this.floor * 1.5));
    return delay;
  }
}

function percentOf(body: unknown): { done: number; total: number } | undefined {
  if (!body || typeof body !== "object") return undefined;
  const percent = (body as Record<string, unknown>).percentComplete;
  return typeof percent === "number" && percent >= 0 && percent <= 100
    ? { done: percent, total: 100 }
    : undefined;
}

function runningMessage(api: ResolvedApi, body: unknown, polls: number, nextAt: number): string {
  const status = body && typeof body === "object" ? (body as Record<string, unknown>).status : undefined;
  const percent = percentOf(body);
  const state = typeof status === "string" ? status : "running";
  return `${api.title} operation ${state}${percent ? ` (${percent.done}%)` : ""}; poll ${polls}, next at ${new Date(nextAt).toISOString()}.`;
}

function locationOf(api: ResolvedApi, result: HttpResult): URL | undefined {
  const location = result.headers.get("location") ?? result.headers.get("operation-location");
  return location ? checkFollowUrl(api, location, result.url, "poll") : undefined;
}

function statusOf(body: unknown): string | undefined {
  if (!body || typeof body !== "object") return undefined;
  const status = (body as Record<string, unknown>).status;
  return typeof status === "string" ? status.toLowerCase() : undefined;
}

/** The ToolError for an operation that ended failed or cancelled (its failureReason or error). */
export function operationFailure(api: ResolvedApi, result: HttpResult): ToolError {
  const body = result.body as Record<string, unknown>;
  const reason = (body.failureReason ?? body.error) as Record<string, unknown> | string | undefined;
  const code = typeof reason === "object" && reason ? (reason.errorCode ?? reason.code) : undefined;
  const message = typeof reason === "object" && reason ? reason.message : reason;
  return new ToolError(
    typeof code === "string" ? code : "OperationFailed",
    `the ${api.title} operation ended with status ${String(body.status)}${typeof code === "string" ? ` ${code}` : ""}${typeof message === "string" ? `: ${message}` : "."}`,
    { status: body.status, id: body.id },
  );
}

/** The ToolError at the deadline: still running, and where to check it later. */
export function deadlineError(api: ResolvedApi, location: URL, timeoutMs: number): ToolError {
  const path = location.pathname.startsWith(api.basePathname)
    ? `${location.pathname.slice(api.basePathname.length)}${location.search}`
    : `${location.pathname}${location.search}`;
  return new ToolError(
    "StillRunning",
    `the operation is still running after ${Math.round(timeoutMs / 1000)} s (the deadline, ENTRA_MCP_LRO_TIMEOUT_SECONDS); it continues in ${api.title}. Check it later with the request tool: GET ${path}`,
    { statusPath: path },
  );
}
