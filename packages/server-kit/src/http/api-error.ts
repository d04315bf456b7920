/**
 * API failures in the API's own words (Graph / Power BI / Dataverse `error.code` + `error.message`,
 * Fabric `errorCode` + `message`), plus what the caller can do: when to retry after throttling, and for
 * 401/403 which permission or role is missing compared with what the token carries.
 */
import type { AuthMode, PermissionManifest } from "../api-description.js";
import { summarizeToken } from "../auth/token-claims.js";
import { ToolError } from "../tools/tool-error.js";
import type { ResolvedApi } from "./api-endpoint.js";
import { fixFor } from "./error-fixes.js";
import type { HttpResult } from "./http-client.js";

export interface ApiErrorContext {
  api: ResolvedApi;
  method: string;
  mode: AuthMode;
  /** The token that was sent, to compare its roles/scopes with what is needed (never shown). */
  token: string | undefined;
  /** Permissions that allow the operation, when the description says. */
  permissions: Partial<Record<AuthMode, string[]>> | undefined;
  manifest: Record<AuthMode, PermissionManifest>;
}

/** The API's error code and message from any of the Microsoft error shapes. */
export function parseApiError(body: unknown): { code: string | undefined; message: string | undefined } {
  if (typeof body === "string") return { code: undefined, message: body.trim().slice(0, 500) || undefined };
  if (!body || typeof body !== "object") return { code: undefined, message: undefined };
  const record = body as Record<string, unknown>;
  const error = record.error;
  if (error && typeof error === "object") {
    const inner = error as Record<string, unknown>;
    const pbi = inner["pbi.error"] as Record<string, unknown> | undefined;
    return {
      code: text(inner.code) ?? text(pbi?.code),
      message: text(inner.message) ?? text(pbi?.message) ?? detailsMessage(pbi),
    };
  }
  if (typeof error === "string") return { code: error, message: text(record.error_description) };
  return {
    code: text(record.errorCode) ?? text(record.code),
    message: text(record.message) ?? text(record.Message),
  };
}

/** Builds the ToolError for a failed API call. */
export function apiError(result: HttpResult, ctx: ApiErrorContext): ToolError {
  const { code, message } = parseApiError(result.body);
  const head = `${ctx.api.title} answered HTTP ${result.status}${code ? ` ${code}` : ""}${message ? `: ${message}` : "."}`;
  const parts = [head];
  const details: Record<string, unknown> = { status: result.status, apiCode: code };
  if (result.retry) {
    const { note, retryAt } = retryNote(result, ctx.method);
    parts.push(note);
    if (retryAt) details.retryAt = retryAt;
    if (result.retry.retryAfterMs !== undefined) details.retryAfterSeconds = result.retry.retryAfterMs / 1000;
  }
  // A known code's own fix says more than the generic permission hint (e.g. Power BI authorizes a
  // service principal by workspace membership, not by app roles).
  const fix = fixFor(ctx.api.target.resource, code);
  if (fix) {
    parts.push(`${fix.charAt(0).toUpperCase()}${fix.slice(1)}`);
    // The generic fix names example scopes; a delegated caller also gets this call's own.
    const scopes = ctx.permissions?.delegated;
    if ((result.status === 401 || result.status === 403) && ctx.mode === "delegated" && scopes?.length) {
      const claims = ctx.token ? summarizeToken(ctx.token) : undefined;
      parts.push(
        `This call takes delegated ${scopes.join(" or ")}; the token has scopes: ${list(claims?.scopes)}.`,
      );
    }
  } else if (result.status === 401 || result.status === 403) parts.push(permissionHint(result.status, ctx));
  return new ToolError(code ?? `Http${result.status}`, parts.join(" "), details);
}

function retryNote(result: HttpResult, method: string): { note: string; retryAt: string | undefined } {
  const retry = result.retry;
  if (!retry) return { note: "", retryAt: undefined };
  const after = retry.retryAfterMs;
  const retryAt = after === undefined ? undefined : new Date(Date.now() + after).toISOString();
  const when =
    after === undefined ? "" : ` The API asks to retry after ${formatSeconds(after)} (at ${retryAt}).`;
  if (retry.reason === "not-idempotent" && result.status === 429) {
    // Throttled writes are not re-sent: a 429 does not prove the service did nothing.
    const again = retryAt ? `try again after ${retryAt}` : "try again in a minute";
    return {
      note: `The call was throttled and not retried: ${method} is not idempotent, and a service can answer 429 after it has acted.${when} Fix: check whether it took effect; if not, ${again}.`,
      retryAt,
    };
  }
  if (retry.reason === "not-idempotent") {
    return {
      note: `Not retried: ${method} is not idempotent and may have been applied; check before calling again.${when}`,
      retryAt,
    };
  }
  const tried = `Gave up after ${retry.attempts} attempt${retry.attempts === 1 ? "" : "s"} (waited ${formatSeconds(retry.waitedMs)}).`;
  const budget = retry.reason === "wait-budget" ? " That is longer than this server waits per call." : "";
  return {
    note: `${tried}${when}${budget} Fix: try again${retryAt ? ` after ${retryAt}` : " later"}.`,
    retryAt,
  };
}

function permissionHint(status: number, ctx: ApiErrorContext): string {
  const claims = ctx.token ? summarizeToken(ctx.token) : undefined;
  const has =
    ctx.mode === "app"
      ? `the token (app-only) has roles: ${list(claims?.roles)}`
      : `the token (delegated${claims?.user ? `, ${claims.user}` : ""}) has scopes: ${list(claims?.scopes)}`;
  const audience =
    status === 401 && claims?.aud
      ? ` Token audience: ${claims.aud}; expires ${claims.expiresOn ?? "?"}.`
      : "";
  const needed = ctx.permissions;
  let need: string;
  if (needed && (needed.app?.length || needed.delegated?.length)) {
    const app = needed.app?.length
      ? `application permission ${needed.app.join(" or ")} (app-only)`
      : undefined;
    const delegated = needed.delegated?.length ? `delegated ${needed.delegated.join(" or ")}` : undefined;
    need = `Needs ${[app, delegated].filter(Boolean).join(" or ")}; ${has}.`;
    const granted = ctx.mode === "app" ? claims?.roles : claims?.scopes;
    const mine = needed[ctx.mode] ?? [];
    if (granted && mine.some((p) => granted.includes(p))) {
      need += ` The token already carries a permission that allows this, so access is refused for another reason (e.g. membership of the workspace or environment, or a tenant setting).`;
    }
  } else {
    const file = ctx.mode === "app" ? "permissions.app.json" : "permissions.delegated.json";
    const names = ctx.manifest[ctx.mode].resources.flatMap((r) => r.permissions);
    need = `This server's ${file} lists: ${list(names)}; ${has}.`;
  }
  const fix =
    ctx.mode === "app"
      ? "Fix: grant the application permission to the app registration and admin-consent it (`npx -y @entra-mcp/cli provision`), then restart the server so it gets a new token."
      : "Fix: consent the delegated permission for the app (`npx -y @entra-mcp/cli provision`), then sign in again.";
  return `${need}${audience} ${fix}`;
}

function list(values: string[] | undefined): string {
  return values && values.length > 0 ? values.join(", ") : "(none)";
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value.slice(0, 1000) : undefined;
}

function detailsMessage(pbi: Record<string, unknown> | undefined): string | undefined {
  const details = pbi?.details;
  if (!Array.isArray(details)) return undefined;
  const first = details[0] as { detail?: { value?: unknown } } | undefined;
  return text(first?.detail?.value);
}
