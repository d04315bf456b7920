/**
 * `request`: any path of this server's API(s) — GET only unless writes are enabled. The path is
 * relative to the API base and is checked before any token exists; paging is followed within caps.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { HttpMethod } from "../api-description.js";
import type { ApiClient } from "../http/api-client.js";
import { buildUrl } from "../http/api-endpoint.js";
import { checkFollowUrl } from "../http/http-client.js";
import { checkRelativePath, MAX_PATH_LENGTH } from "../http/safe-path.js";
import { measureFor, renderResult } from "../output/render.js";
import { allowedHeaders, checkArgSizes, serializeBody } from "./arg-limits.js";
import { decodeCursor } from "./cursor.js";
import { type CallPlan, executeCall } from "./execute-call.js";
import { cursorArg, environmentArg } from "./operation-tool.js";
import { type ProgressSource, progressReporter } from "./progress.js";
import { ToolError } from "./tool-error.js";
import { failed } from "./tool-failure.js";
import { toolSchema } from "./tool-schema.js";

// Printable ASCII is enforced by allowedHeaders (kept out of the schema to keep tools/list small).
const HEADER_VALUE = z.string().max(512);
const WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"] as const;

export const REQUEST_TOOL = "request";

export function requestAnnotations(allowWrites: boolean) {
  return allowWrites
    ? { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true }
    : { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true };
}

export function registerRequestTool(server: McpServer, client: ApiClient): void {
  const { description, settings } = client;
  const apiKeys = Object.keys(description.apis);
  const dynamic = apiKeys.some((key) => description.apis[key]?.dynamic === "environment-url");
  const bases = apiKeys.map((key) => `${key}: ${description.apis[key]?.basePath || "/"}`).join(", ");
  const allowWrites = settings.allowWrites;
  const inputSchema = toolSchema(description, allowWrites ? "request:writes" : "request:reads", () => ({
    ...(apiKeys.length > 1
      ? {
          api: z
            .enum(apiKeys as [string, ...string[]])
            .optional()
            .describe(`Default ${description.defaultApi}.`),
        }
      : {}),
    ...(dynamic ? { environment: environmentArg } : {}),
    method: (allowWrites ? z.enum(["GET", ...WRITE_METHODS]) : z.enum(["GET"])).default("GET"),
    path: z
      .string()
      .min(1)
      .max(MAX_PATH_LENGTH)
      .describe('Relative to the API base, e.g. "/users"; may end in ?query.'),
    query: z.record(z.string().max(100), z.union([z.string().max(4096), z.number(), z.boolean()])).optional(),
    ...(allowWrites ? { body: z.unknown().optional().describe("JSON body (max 100 KB).") } : {}),
    headers: z
      .object({ ConsistencyLevel: HEADER_VALUE.optional(), Prefer: HEADER_VALUE.optional() })
      .strict()
      .optional(),
    cursor: cursorArg,
  }));

  const handler = async (
    args: Record<string, unknown>,
    extra: ProgressSource & { signal: AbortSignal },
  ): Promise<CallToolResult> => {
    try {
      checkArgSizes(args, ["body"]);
      const method = (args.method as HttpMethod | undefined) ?? "GET";
      if (method !== "GET" && !allowWrites) {
        throw new ToolError(
          "WritesDisabled",
          "only GET is allowed. Fix: set ENTRA_MCP_ALLOW_WRITES=true to enable writes.",
        );
      }
      const cursor = typeof args.cursor === "string" && args.cursor ? args.cursor : undefined;
      const relative = checkRelativePath(String(args.path ?? ""));
      const body = serializeBody(args.body);
      const headers = allowedHeaders(args.headers as Record<string, unknown> | undefined);
      const { config } = await client.session();
      const mode = config.mode;
      const signal = extra.signal;
      const apiKey = (args.api as string | undefined) ?? description.defaultApi;
      let plan: CallPlan;
      if (cursor) {
        const state = decodeCursor(cursor);
        const api = await client.resolve(state.api, state.environment, signal);
        const url = checkFollowUrl(api, state.url, new URL(api.base), "next page");
        plan = {
          ...common(api, mode, url, signal),
          headers: allowedHeaders(state.headers),
          skip: state.skip,
          resumeKey: state.key,
        };
      } else {
        const api = await client.resolve(apiKey, args.environment as string | undefined, signal);
        const url = buildUrl(api, relative, args.query as Record<string, unknown> | undefined);
        plan = {
          ...common(api, mode, url, signal),
          method,
          body,
          headers,
          idempotent: method === "GET" || method === "PUT" || method === "DELETE",
          followPages: method === "GET",
          longRunning: method !== "GET",
        };
      }
      plan.progress = progressReporter(extra);
      plan.measure = measureFor(undefined);
      return renderResult(await executeCall(client, plan));
    } catch (error) {
      return failed(REQUEST_TOOL, error);
    }
  };

  server.registerTool(
    REQUEST_TOOL,
    {
      title: "API request",
      description: `Calls any ${description.title} path (${bases})${allowWrites ? "" : ", GET only"}. Follows paging up to caps; returns nextCursor when it stops early. Prefer the specific tools.`,
      inputSchema,
      annotations: requestAnnotations(allowWrites),
    },
    handler as never,
  );
}

function common(api: CallPlan["api"], mode: CallPlan["mode"], url: URL, signal: AbortSignal): CallPlan {
  return {
    api,
    mode,
    method: "GET",
    url,
    headers: {},
    idempotent: true,
    followPages: true,
    skip: 0,
    longRunning: false,
    permissions: undefined,
    signal,
  };
}
