/**
 * The data a server is made of. Every entra-mcp server (graph, powerbi, fabric, powerplatform) is an
 * ApiDescription plus a few lines of entry code; everything else lives once in server-kit.
 */
import type { z } from "zod";
import type { AppDescription } from "./apps/app-description.js";
import type { BatchSupport } from "./batch/batch-support.js";
import type { StatusPoll } from "./http/status-poll.js";
import type { TableResult } from "./output/table-result.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type AuthMode = "app" | "delegated";

/** One permission manifest file (permissions.app.json / permissions.delegated.json). */
export interface PermissionManifest {
  /** Per resource API: its display name, app ID and the permission NAMES (not GUIDs) the server needs. */
  resources: { resource: string; resourceAppId: string; permissions: string[] }[];
}

/** How a list endpoint pages. */
export type PagingStyle =
  | "odata" // @odata.nextLink (Graph, Dataverse, Power Platform admin)
  | "continuation" // continuationToken + continuationUri (Fabric)
  | "none";

/** One API the server calls. */
export interface ApiTarget {
  /**
   * Key into the cloud profile's `resources` (auth-core CloudProfile), which gives the endpoint and the
   * token audience per cloud (public / usgov / china / custom). Ignored when `dynamic` is set.
   */
  resource: string;
  /** Prefix under the endpoint that operation and `request` paths are relative to, e.g. "/v1.0". */
  basePath: string;
  /** Scopes per auth mode; "{audience}" is replaced by the resource audience. Default "{audience}/.default". */
  scopes?: Partial<Record<AuthMode, string[]>>;
  paging: PagingStyle;
  /**
   * "environment-url": the endpoint is chosen per call from the allowed environment URLs (Dataverse),
   * and the token audience is that URL. The allowlist is the configured/discovered URLs only.
   */
  dynamic?: "environment-url";
  /**
   * For `dynamic` APIs: how to discover environment URLs when ENTRA_MCP_DATAVERSE_URLS does not name the
   * one asked for — one GET on `path` of API `api`, reading `urlField` (dot path) of each `value` item.
   */
  discovery?: { api: string; path: string; urlField: string; idField?: string; nameField?: string };
  /** Headers sent with every request to this API (e.g. OData-Version for Dataverse). */
  headers?: Record<string, string>;
  /** Human name used in messages, e.g. "Microsoft Graph". Defaults to the API key. */
  title?: string;
  /** JSON batching (Graph's POST /$batch): the server gets a `batch` tool (batch/batch-tool.ts). */
  batch?: BatchSupport;
}

/** Resolves a display name given for an ID parameter (e.g. a workspace name) with one cheap GET. */
export interface NameLookup {
  api?: string;
  /** List path (relative to the API base) to search, e.g. "/groups". May use {param} of other args. */
  path: string;
  idField: string;
  nameField: string;
}

export interface OperationDescription {
  /** Tool name, snake_case. */
  name: string;
  title: string;
  /** What the model sees: what it does, when to use it, limits. Keep it short (tools/list budget). */
  description: string;
  /** Which of the server's `apis`; defaults to the server's `defaultApi`. */
  api?: string;
  method: HttpMethod;
  /** Path template relative to the API base, e.g. "/users/{userId}"; {x} is filled (URL-encoded) from args. */
  path: string;
  /** Tool input, a zod (v4) object shape. Path parameters are named like the {x} in `path`. */
  input: z.ZodRawShape;
  /** Query string from the validated args (undefined values are dropped). */
  query?: (args: Record<string, unknown>) => Record<string, string | number | boolean | undefined>;
  /** JSON body from the validated args. */
  body?: (args: Record<string, unknown>) => unknown;
  /** Extra headers from the args (only ConsistencyLevel / Prefer style headers). */
  headers?: (args: Record<string, unknown>) => Record<string, string>;
  access: "read" | "write";
  /** Default: true for reads, false for writes. Non-idempotent calls are never blindly retried. */
  idempotent?: boolean;
  /** Default: true for writes. */
  destructive?: boolean;
  /** The operation works only in this auth mode (e.g. /me needs "delegated"). */
  mode?: AuthMode;
  /** Follows paging (capped pages and items) and returns a cursor when it stops early. */
  paging?: boolean;
  /** 202 + Location + Retry-After: poll with a deadline (Fabric jobs). */
  longRunning?: boolean;
  /**
   * A long-running operation followed by id instead of Location (Power BI's scanner): poll statusPath
   * with the start response's id under the same deadline and interval rules, then GET resultPath.
   */
  statusPoll?: StatusPoll;
  /** Output shape where it is known: becomes the tool's outputSchema. */
  outputSchema?: z.ZodRawShape;
  /**
   * A GET made before the call that may refuse it (tools/precheck.ts): nothing is sent when it
   * refuses. E.g. execute_dax reads the dataset's RLS flags in app-only mode.
   */
  precheck?: Precheck;
  /**
   * The response as a table (output/table-result.ts): {columns, rows as arrays, rowCount}; the
   * budget cuts whole rows and the note says how many and by which limit. Undefined: as usual.
   */
  table?: (body: unknown) => TableResult | undefined;
  /** Args that accept a name as well as an ID. */
  lookups?: Record<string, NameLookup>;
  /**
   * The named tool presets (ApiDescription.presets) this tool is in, e.g. ["admin"]. Without it the tool
   * is in the default list. ENTRA_MCP_TOOLS=admin (or "all", or tool names, comma-separated) selects.
   */
  presets?: string[];
  /**
   * Permissions that allow this call (any one of them), per auth mode, least privileged first. Used to
   * explain a 401/403; without it the hint lists the server's permission manifest.
   */
  permissions?: Partial<Record<AuthMode, string[]>>;
}

/** See OperationDescription.precheck. */
export interface Precheck {
  /** Only in this auth mode (default: both). */
  mode?: AuthMode;
  /** GET path relative to the API base; {x} is filled from the args (names already resolved to IDs). */
  path: string;
  /** Given the args and the GET's JSON body: the refusal (a code and a message ending with the fix), or undefined. */
  refuse: (args: Record<string, unknown>, body: unknown) => { code: string; message: string } | undefined;
}

export interface ApiDescription {
  /** "graph" -> MCP server name "entra-mcp-graph", bin entra-mcp-graph, package @entra-mcp/graph. */
  name: string;
  title: string;
  version: string;
  /** Sent as the MCP server's instructions. */
  instructions?: string;
  apis: Record<string, ApiTarget>;
  /** The API used by operations without `api` and by the generic `request` tool by default. */
  defaultApi: string;
  operations: OperationDescription[];
  /** MCP Apps: `ui://` views and their tools (see apps/app-description.ts). */
  apps?: AppDescription[];
  /**
   * Tool presets beyond the default list (which stays within the tools/list budget): name -> what it is
   * for, e.g. { admin: "tenant configuration and audit" }. "default" and "all" are built in.
   */
  presets?: Record<string, string>;
  permissions: Record<AuthMode, PermissionManifest>;
}
