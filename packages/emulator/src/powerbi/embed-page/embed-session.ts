import type { WorkspaceState } from "../../workspaces/workspace-state.js";
import type { CellValue } from "../../workspaces/workspace-types.js";
import type { EmbedTokenStore } from "../embed-token-store.js";
import { pagesOf } from "../powerbi-json.js";
import { tablesFor } from "../row-level-security.js";

/**
 * The IError the embed page posts to the host (powerbi-models' IError), with the message,
 * detailed message and error code "Troubleshoot your embedded application" lists for embed tokens.
 */
export interface EmbedError {
  message: string;
  detailedMessage: string;
  errorCode: string;
  level: number;
}

/** What a valid token opens: the report, its pages, whose eyes it sees through, and a first visual. */
export interface EmbedSession {
  report: { id: string; name: string; datasetId: string; workspaceId: string };
  pages: { name: string; displayName: string; order: number }[];
  identity?: { username: string; roles: string[] };
  /** Epoch ms: when the token stops working (the page raises TokenExpired then). */
  expiresAtMs: number;
  /** The dataset's first table through the token's RLS identity, as the report's one visual. */
  visual: { table: string; columns: string[]; rows: CellValue[][] };
}

const FATAL = 6;
const expired = (): EmbedError => ({
  message: "TokenExpired",
  detailedMessage: "Access token has expired, resubmit with a new access token",
  errorCode: "403",
  level: FATAL,
});
const badToken = (): EmbedError => ({
  message: "LoadReportFailed",
  detailedMessage: "Fail to initialize - Couldn't resolve cluster",
  errorCode: "403",
  level: FATAL,
});
const getReportFailed = (code: "403" | "404"): EmbedError => ({
  message: "LoadReportFailed",
  detailedMessage: "Get report failed",
  errorCode: code,
  level: FATAL,
});

const VISUAL_ROWS = 50;

/**
 * Checks an embed token for a report, as the embed page's cluster calls do: known token,
 * not expired (emulator clock), the report exists and the token covers it.
 */
export function openEmbedSession(
  deps: { embedTokens: EmbedTokenStore; workspaces: WorkspaceState; nowMs: () => number },
  token: unknown,
  reportId: unknown,
): EmbedSession | EmbedError {
  if (typeof token !== "string" || token === "") return badToken();
  const grant = deps.embedTokens.resolve(token);
  if (!grant) return badToken();
  if (grant.expiresAtMs <= deps.nowMs()) return expired();
  if (typeof reportId !== "string") return getReportFailed("404");
  const report = deps.workspaces.findReport(reportId);
  if (!report) return getReportFailed("404");
  if (!grant.reportIds.includes(report.id)) return getReportFailed("403");
  const dataset = deps.workspaces.findDataset(report.datasetId);
  const identity = grant.identities.get(report.datasetId);
  const tables = dataset ? (identity ? tablesFor(dataset, identity) : dataset.tables) : [];
  const first = tables[0];
  return {
    report: {
      id: report.id,
      name: report.name,
      datasetId: report.datasetId,
      workspaceId: report.workspaceId,
    },
    pages: pagesOf(report).map((p, order) => ({ name: p.name, displayName: p.displayName, order })),
    ...(identity ? { identity: { username: identity.username, roles: [...identity.roles] } } : {}),
    expiresAtMs: grant.expiresAtMs,
    visual: {
      table: first?.name ?? "",
      columns: first?.columns ?? [],
      rows: (first?.rows ?? [])
        .slice(0, VISUAL_ROWS)
        .map((row) => first?.columns.map((c) => row[c] ?? null) ?? []),
    },
  };
}

export const isEmbedError = (value: EmbedSession | EmbedError): value is EmbedError => "errorCode" in value;
