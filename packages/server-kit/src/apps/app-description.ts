/**
 * MCP Apps (the ext-apps extension, SEP-1865) as description data: a `ui://` view that server-kit builds
 * into one self-contained HTML file, the CSP the view needs for the configured cloud, and the tools that
 * belong to it — model-visible ones that open the view, and app-only ones only the view calls.
 */
import type { CloudProfile } from "@entra-mcp/auth-core";
import type { z } from "zod";
import type { AuthMode, HttpMethod } from "../api-description.js";
import type { AppGrants } from "./app-grants.js";

/** Views server-kit knows how to build (each a folder under src/apps/views/). */
export type AppViewName = "powerbi-report";

/** The view's Content-Security-Policy domains (`_meta.ui.csp`): origins like https://app.powerbi.com. */
export interface AppCsp {
  frameDomains: string[];
  connectDomains: string[];
  resourceDomains?: string[];
}

export interface AppDescription {
  /** The view's resource URI, e.g. "ui://powerbi/report.html". */
  uri: string;
  /** Resource name and title shown by hosts. */
  name: string;
  title: string;
  description: string;
  view: AppViewName;
  /** The CSP for the cloud the server runs in: exactly the hosts the view frames or connects to. */
  csp: (cloud: CloudProfile) => AppCsp;
  tools: AppToolDescription[];
}

/** One call to a described API from an app tool (same host pinning, retries and error hints as operations). */
export interface AppCallOptions {
  /** Which of the server's `apis`; default the server's `defaultApi`. */
  api?: string;
  method: HttpMethod;
  /** Relative to the API base; {x} is filled (URL-encoded) from `params`, e.g. "/groups/{workspaceId}/reports". */
  path: string;
  params?: Record<string, unknown>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Non-idempotent calls are never blindly retried. Default: true for GET. */
  idempotent?: boolean;
  /** Permissions that allow the call, for 401/403 hints. */
  permissions?: Partial<Record<AuthMode, string[]>>;
}

/** The caller's own token for an API (delegated embedding): only ever returned in an app-only result. */
export interface AppCredential {
  token: string;
  expiresOn: Date;
}

/** What an app tool's handler may use; no handler touches HTTP, tokens or the cloud profile itself. */
export interface AppToolContext {
  readonly mode: AuthMode;
  readonly cloud: CloudProfile;
  readonly env: NodeJS.ProcessEnv;
  readonly signal: AbortSignal;
  /** What this server session's model-visible tools opened (e.g. reports a show_report asked for). */
  readonly grants: AppGrants;
  /** Sends one call; resolves to the JSON body, throws a ToolError with the API's words on failure. */
  call(options: AppCallOptions): Promise<unknown>;
  /** The session's token for `api` (default API if omitted). */
  credential(api?: string): Promise<AppCredential>;
}

export interface AppToolOutput {
  /** structuredContent. For model-visible tools it must hold nothing secret. */
  structured: Record<string, unknown>;
  /** The text content: what a client that renders no app shows. */
  text: string;
  /**
   * The result's `_meta`, for the view only (hosts hand the whole result to the view and show a model
   * content and structuredContent). The one place a credential may go; app-only tools only.
   */
  meta?: Record<string, unknown>;
}

export interface AppToolDescription {
  name: string;
  title: string;
  description: string;
  /**
   * ["model", "app"]: the model calls it and the host renders the view with its result; ["app"]: only the
   * view calls it (hosts hide it from the model) — the only place a secret such as an embed token may go.
   */
  visibility: ("model" | "app")[];
  input: z.ZodRawShape;
  outputSchema?: z.ZodRawShape;
  run(args: Record<string, unknown>, ctx: AppToolContext): Promise<AppToolOutput>;
}
