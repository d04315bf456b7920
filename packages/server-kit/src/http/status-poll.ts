/**
 * Long-running operations that answer with an id and no Location (Power BI's admin scanner:
 * POST admin/workspaces/getInfo -> GET scanStatus/{id} -> GET scanResult/{id}): the status path is
 * polled under the same rules as Location-based operations (long-running.ts: the deadline
 * ENTRA_MCP_LRO_TIMEOUT_SECONDS, Retry-After honoured with a floor, MCP progress, cancellation), and
 * once the status says it succeeded, the result path is read once.
 */
import type { AuthMode } from "../api-description.js";
import type { KitSettings } from "../settings.js";
import type { ProgressReporter } from "../tools/progress.js";
import { ToolError } from "../tools/tool-error.js";
import type { ApiClient } from "./api-client.js";
import { buildUrl, type ResolvedApi } from "./api-endpoint.js";
import type { HttpResult } from "./http-client.js";
import {
  deadlineError,
  FAILED_STATES,
  operationFailure,
  PollInterval,
  type PollOutcome,
  RUNNING_STATES,
  SUCCEEDED_STATES,
} from "./long-running.js";
import { wait } from "./retry.js";
import { checkRelativePath } from "./safe-path.js";

/** See OperationDescription.statusPoll. */
export interface StatusPoll {
  /** GET path of the operation's status, relative to the API base; {id} is the start response's id. */
  statusPath: string;
  /** GET path of the result, read once the status says it succeeded. */
  resultPath: string;
  /** Field of the start response (and of each status) holding the id; default "id". */
  idField?: string;
}

/** Polls `poll.statusPath` for the operation `started` began; returns its result (or its error response). */
export async function pollStatus(
  client: ApiClient,
  api: ResolvedApi,
  mode: AuthMode,
  started: HttpResult,
  poll: StatusPoll,
  settings: KitSettings["lro"],
  signal: AbortSignal | undefined,
  progress?: ProgressReporter,
): Promise<PollOutcome> {
  const body = (started.body ?? {}) as Record<string, unknown>;
  const id = body[poll.idField ?? "id"];
  if (typeof id !== "string" || !id) {
    throw new ToolError(
      "OperationIdMissing",
      `${api.title} accepted the operation but sent no ${poll.idField ?? "id"} to follow it by, so its status cannot be polled.`,
    );
  }
  const urlOf = (template: string) =>
    buildUrl(api, checkRelativePath(template.replace("{id}", encodeURIComponent(id))), undefined);
  const statusUrl = urlOf(poll.statusPath);
  const deadline = Date.now() + settings.timeoutMs;
  const interval = new PollInterval(settings);
  let delay = interval.next(started.headers);
  let polls = 0;
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw deadlineError(api, statusUrl, settings.timeoutMs);
    await wait(Math.min(delay, remaining), signal);
    const { result, token } = await client.send(api, mode, {
      method: "GET",
      url: statusUrl,
      idempotent: true,
      signal,
    });
    polls += 1;
    if (result.status >= 400) return { result, token };
    const status = statusOf(result.body);
    if (status && SUCCEEDED_STATES.has(status)) {
      const final = await client.send(api, mode, {
        method: "GET",
        url: urlOf(poll.resultPath),
        idempotent: true,
        signal,
      });
      return { result: final.result, token: final.token };
    }
    if (status && FAILED_STATES.has(status)) throw operationFailure(api, result);
    if (!status || !RUNNING_STATES.has(status)) {
      throw new ToolError(
        "UnexpectedStatus",
        `${api.title} reported the operation's status as ${JSON.stringify(status ?? null)}, which is neither running, succeeded nor failed; check it with the request tool: GET ${poll.statusPath.replace("{id}", id)}`,
      );
    }
    delay = interval.next(result.headers);
    progress?.(
      `${api.title} operation ${String((result.body as Record<string, unknown>).status)}; poll ${polls}, next at ${new Date(Date.now() + delay).toISOString()}.`,
    );
  }
}

function statusOf(body: unknown): string | undefined {
  if (!body || typeof body !== "object") return undefined;
  const status = (body as Record<string, unknown>).status;
  return typeof status === "string" ? status.toLowerCase() : undefined;
}
