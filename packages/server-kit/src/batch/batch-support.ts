/**
 * JSON batching as data: an API that takes several requests in one POST (Microsoft Graph's /$batch)
 * says so with `ApiTarget.batch`, and the server gets a `batch` tool for it (batch-tool.ts).
 */
import type { ApiDescription, ApiTarget } from "../api-description.js";

/** How an API batches requests (ApiTarget.batch). */
export interface BatchSupport {
  /** POST path relative to the API base, e.g. "/$batch". */
  path: string;
  /** The API's limit on requests per batch (Graph: 20). */
  maxRequests: number;
  /** Tool presets the `batch` tool is in (ApiDescription.presets); default: the default list. */
  presets?: string[];
}

export const BATCH_TOOL = "batch";

/** The API whose batching the `batch` tool uses (the first that declares it), if any. */
export function batchApi(
  description: ApiDescription,
): { key: string; target: ApiTarget; batch: BatchSupport } | undefined {
  for (const [key, target] of Object.entries(description.apis)) {
    if (target.batch) return { key, target, batch: target.batch };
  }
  return undefined;
}

/** The `batch` tool's presets for the tool selection: undefined when the server has no batch tool. */
export function batchToolPresets(description: ApiDescription): string[] | undefined {
  const found = batchApi(description);
  return found ? (found.batch.presets ?? []) : undefined;
}
