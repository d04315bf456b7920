/**
 * One MCP tool per described operation: its input (plus `cursor` for paged lists and `environment`
 * for Dataverse), output schema, annotations, and the call pipeline with every check before the token.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult, ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { OperationDescription } from "../api-description.js";
import type { ApiClient } from "../http/api-client.js";
import { buildUrl } from "../http/api-endpoint.js";
import { checkFollowUrl } from "../http/http-client.js";
import { checkRelativePath, fillPathTemplate } from "../http/safe-path.js";
import { measureFor, renderResult } from "../output/render.js";
import { allowedHeaders, checkArgSizes, serializeBody } from "./arg-limits.js";
import { decodeCursor, MAX_CURSOR_LENGTH } from "./cursor.js";
import { type CallPlan, executeCall } from "./execute-call.js";
import { resolveLookups } from "./name-lookup.js";
import { runPrecheck } from "./precheck.js";
import { type ProgressSource, progressReporter } from "./progress.js";
import { ToolError } from "./tool-error.js";
import { failed } from "./tool-failure.js";
import { toolSchema } from "./tool-schema.js";

export const cursorArg = z
  .string()
  .max(MAX_CURSOR_LENGTH)
  .optional()
  .describe("nextCursor of a previous result: continues that list.");
export const environmentArg = z
  .string()
  .max(300)
  .optional()
  .describe("Environment URL, ID or name (one of the allowed environments).");

/** The annotations of an operation's tool. */
export function operationAnnotations(op: OperationDescription): ToolAnnotations {
  const write = op.access === "write";
  return {
    readOnlyHint: !write,
    destructiveHint: write ? (op.destructive ?? true) : false,
    idempotentHint: op.idempotent ?? !write,
    openWorldHint: true,
  };
}

export function registerOperationTool(server: McpServer, op: OperationDescription, client: ApiClient): void {
  const { description } = client;
  const apiKey = op.api ?? description.defaultApi;
  const dynamic = description.apis[apiKey]?.dynamic === "environment-url";
  const inputSchema = toolSchema(op, dynamic ? "input+environment" : "input", () => ({
    ...op.input,
    ...(op.paging ? { cursor: cursorArg } : {}),
    ...(dynamic ? { environment: environmentArg } : {}),
  }));
  const { outputSchema: outputShape } = op;
  const outputSchema = outputShape
    ? toolSchema(op, "output", () => ({
        ...outputShape,
        note: z.string().optional(),
        nextCursor: z.string().optional(),
      }))
    : undefined;

  const handler = async (
    args: Record<string, unknown>,
    extra: ProgressSource & { signal: AbortSignal },
  ): Promise<CallToolResult> => {
    try {
      checkArgSizes(args);
      const cursor = typeof args.cursor === "string" && args.cursor ? args.cursor : undefined;
      // Syntax first: a path that could leave the API is refused before auth-core even loads.
      if (!cursor) checkRelativePath(fillPathTemplate(op.path, args));
      const { config } = await client.session();
      const mode = config.mode;
      if (op.mode && op.mode !== mode) {
        const wanted = op.mode === "delegated" ? "delegated" : "app-only";
        throw new ToolError(
          "WrongAuthMode",
          `${op.name} needs ${wanted} mode: set ENTRA_MCP_AUTH_MODE=${op.mode} (this server runs in ${mode === "app" ? "app-only" : "delegated"} mode).`,
        );
      }
      const signal = extra.signal;
      let plan: CallPlan;
      if (cursor) {
        const state = decodeCursor(cursor);
        if (state.api !== apiKey) throw new ToolError("InvalidCursor", `that cursor belongs to another API.`);
        const api = await client.resolve(state.api, state.environment, signal);
        const url = checkFollowUrl(api, state.url, new URL(api.base), "next page");
        plan = basePlan(op, { api, mode, url, signal });
        plan.headers = allowedHeaders(state.headers);
        plan.skip = state.skip;
        plan.resumeKey = state.key;
        plan.method = "GET";
      } else {
        const api = await client.resolve(apiKey, args.environment as string | undefined, signal);
        const values = await resolveLookups(client, op, args, api, mode, signal);
        await runPrecheck(client, op, values, api, mode, signal);
        const url = buildUrl(api, checkRelativePath(fillPathTemplate(op.path, values)), op.query?.(values));
        plan = basePlan(op, { api, mode, url, signal });
        plan.body = serializeBody(op.body?.(values));
        plan.headers = allowedHeaders(op.headers?.(values));
        plan.table = op.table;
        // `top` is a page size to the API; to the model it means "at most this many", across pages too.
        if (op.paging === true && typeof args.top === "number") plan.maxItems = args.top;
      }
      plan.progress = progressReporter(extra);
      plan.measure = measureFor(outputSchema);
      return renderResult(await executeCall(client, plan), outputSchema);
    } catch (error) {
      return failed(op.name, error);
    }
  };

  server.registerTool(
    op.name,
    {
      title: op.title,
      description: op.description,
      inputSchema,
      ...(outputSchema ? { outputSchema } : {}),
      annotations: operationAnnotations(op),
    },
    handler as never,
  );
}

function basePlan(
  op: OperationDescription,
  where: Pick<CallPlan, "api" | "mode" | "url" | "signal">,
): CallPlan {
  return {
    ...where,
    method: op.method,
    headers: {},
    idempotent: op.idempotent ?? op.access === "read",
    followPages: op.paging === true,
    skip: 0,
    longRunning: op.longRunning === true,
    statusPoll: op.statusPoll,
    permissions: op.permissions,
  };
}
