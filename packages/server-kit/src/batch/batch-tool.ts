/**
 * `batch`: up to the API's limit of requests in one round trip (Graph JSON batching), each with an id
 * and optional dependsOn; GET only unless writes are enabled. Registered when an API of the description
 * declares `batch` (batch-support.ts); everything is checked before a token is asked for.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { ApiClient } from "../http/api-client.js";
import { MAX_PATH_LENGTH } from "../http/safe-path.js";
import { measureFor, renderResult } from "../output/render.js";
import { checkArgSizes } from "../tools/arg-limits.js";
import type { ProgressSource } from "../tools/progress.js";
import { failed } from "../tools/tool-failure.js";
import { toolSchema } from "../tools/tool-schema.js";
import { type BatchItemInput, planBatch } from "./batch-plan.js";
import { BATCH_TOOL, batchApi } from "./batch-support.js";
import { runBatch } from "./run-batch.js";

const HEADER_VALUE = z.string().max(512);
const WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"] as const;

/** Registers the `batch` tool when the description has an API that batches; otherwise does nothing. */
export function registerBatchTool(server: McpServer, client: ApiClient): void {
  const found = batchApi(client.description);
  if (!found) return;
  const { key, target, batch } = found;
  const allowWrites = client.settings.allowWrites;
  // The schema does not depend on allowWrites (see below), so one per description.
  const inputSchema = toolSchema(client.description, "batch", () => {
    const item = z
      .object({
        id: z.string().min(1).max(50).optional().describe("Default: its position (1, 2, …)."),
        // Every method is accepted by the schema so that a write without ENTRA_MCP_ALLOW_WRITES gets
        // the message that says how to enable it, not a schema mismatch.
        method: z.enum(["GET", ...WRITE_METHODS]).default("GET"),
        url: z
          .string()
          .min(1)
          .max(MAX_PATH_LENGTH)
          .describe(`Relative to ${target.basePath}, e.g. "/users?$top=5".`),
        headers: z
          .object({ ConsistencyLevel: HEADER_VALUE.optional(), Prefer: HEADER_VALUE.optional() })
          .strict()
          .optional(),
        // In the schema even when writes are off, so that a write gets the message on how to enable them.
        body: z.unknown().optional().describe("JSON body of a write."),
        dependsOn: z.array(z.string().max(50)).max(batch.maxRequests).optional().describe("Ids run first."),
      })
      .strict();
    return {
      // No schema maxItems: a longer list gets planBatch's message (the limit and how to split).
      requests: z.array(item).min(1).describe(`At most ${batch.maxRequests}.`),
    };
  });

  const handler = async (
    args: Record<string, unknown>,
    extra: ProgressSource & { signal: AbortSignal },
  ): Promise<CallToolResult> => {
    try {
      checkArgSizes(args);
      const items = planBatch((args.requests ?? []) as BatchItemInput[], {
        maxRequests: batch.maxRequests,
        allowWrites,
        basePath: target.basePath,
        batchPath: batch.path,
      });
      const { config } = await client.session();
      const api = await client.resolve(key, undefined, extra.signal);
      const measure = measureFor(undefined);
      const output = await runBatch(client, {
        api,
        mode: config.mode,
        batch,
        items,
        signal: extra.signal,
        measure,
      });
      return renderResult(output);
    } catch (error) {
      return failed(BATCH_TOOL, error);
    }
  };

  server.registerTool(
    BATCH_TOOL,
    {
      title: `${target.title ?? key} batch`,
      description: `Up to ${batch.maxRequests} ${target.title ?? key} requests in one call${allowWrites ? "" : " (GET only)"}; dependsOn orders them. Returns each one's status and body; throttled reads are retried, writes never re-sent.`,
      inputSchema,
      annotations: allowWrites
        ? { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true }
        : { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    handler as never,
  );
}
