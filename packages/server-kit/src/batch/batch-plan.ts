/**
 * The requests of one `batch` call, checked before any token exists: the API's count limit, unique
 * ids, dependsOn naming requests of this batch without cycles, writes only when enabled, and every
 * URL relative to the API base under the same rules as the `request` tool's paths.
 */
import type { HttpMethod } from "../api-description.js";
import { checkRelativePath } from "../http/safe-path.js";
import { allowedHeaders, serializeBody } from "../tools/arg-limits.js";
import { ToolError } from "../tools/tool-error.js";

/** One request as the tool receives it. */
export interface BatchItemInput {
  id?: string | undefined;
  method?: HttpMethod | undefined;
  url: string;
  headers?: Record<string, unknown> | undefined;
  body?: unknown;
  dependsOn?: string[] | undefined;
}

/** One checked request, in dependency order. */
export interface PlannedItem {
  id: string;
  /** Position in the caller's list (results come back in that order). */
  index: number;
  method: HttpMethod;
  /** Path and query relative to the API base, e.g. "/users?$top=5". */
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  dependsOn: string[];
  write: boolean;
}

export interface PlanOptions {
  maxRequests: number;
  allowWrites: boolean;
  /** The API base path ("/v1.0"): a URL that repeats it is refused with the fix. */
  basePath: string;
  /** The batch endpoint's own path ("/$batch"): batches do not nest. */
  batchPath: string;
}

/** Checks the requests and returns them in an order where each comes after what it depends on. */
export function planBatch(inputs: BatchItemInput[], options: PlanOptions): PlannedItem[] {
  if (inputs.length === 0) throw invalid("give at least one request in `requests`.");
  if (inputs.length > options.maxRequests) {
    throw invalid(
      `${inputs.length} requests, but a batch holds at most ${options.maxRequests} (the API's limit). Fix: split them into several batch calls of up to ${options.maxRequests}.`,
    );
  }
  const items: PlannedItem[] = [];
  const ids = new Set<string>();
  inputs.forEach((input, index) => {
    const id = input.id?.trim() || String(index + 1);
    if (ids.has(id))
      throw invalid(`requests[${index}]: id "${id}" is used twice. Fix: give each request its own id.`);
    ids.add(id);
    const method = input.method ?? "GET";
    const write = method !== "GET";
    if (write && !options.allowWrites) {
      throw new ToolError(
        "WritesDisabled",
        `request "${id}" is a ${method}; only GET is allowed. Fix: set ENTRA_MCP_ALLOW_WRITES=true to enable writes.`,
      );
    }
    if (!write && input.body !== undefined)
      throw invalid(`request "${id}": a GET has no body. Fix: remove it.`);
    items.push({
      id,
      index,
      method,
      url: checkItemUrl(id, input.url, options),
      headers: allowedHeaders(input.headers),
      ...(input.body !== undefined ? { body: parseBack(serializeBody(input.body)) } : {}),
      dependsOn: [...new Set(input.dependsOn ?? [])],
      write,
    });
  });
  for (const item of items) {
    for (const dependency of item.dependsOn) {
      if (dependency === item.id)
        throw invalid(`request "${item.id}" depends on itself. Fix: remove it from its dependsOn.`);
      if (!ids.has(dependency)) {
        throw invalid(
          `request "${item.id}" depends on "${dependency}", which is not in this batch. Fix: use the ids of this batch.`,
        );
      }
    }
  }
  return dependencyOrder(items);
}

function checkItemUrl(id: string, url: string, options: PlanOptions): string {
  let relative: ReturnType<typeof checkRelativePath>;
  try {
    relative = checkRelativePath(url);
  } catch (error) {
    if (error instanceof ToolError) throw new ToolError(error.code, `request "${id}": ${error.message}`);
    throw error;
  }
  const base = options.basePath.replace(/\/+$/, "");
  if (base && (relative.path === base || relative.path.startsWith(`${base}/`))) {
    throw new ToolError(
      "PathNotAllowed",
      `request "${id}": url starts with ${base}, but batch URLs are relative to it. Fix: drop the ${base} prefix, e.g. "${relative.path.slice(base.length) || "/"}".`,
    );
  }
  if (relative.path.toLowerCase() === options.batchPath.toLowerCase()) {
    throw new ToolError("PathNotAllowed", `request "${id}": a batch cannot contain another batch.`);
  }
  return `${relative.path}${relative.query ? `?${relative.query}` : ""}`;
}

/** Topological order (stable: requests keep their order where dependencies allow); a cycle is refused. */
function dependencyOrder(items: PlannedItem[]): PlannedItem[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  const state = new Map<string, "visiting" | "done">();
  const ordered: PlannedItem[] = [];
  const visit = (item: PlannedItem, chain: string[]): void => {
    const seen = state.get(item.id);
    if (seen === "done") return;
    if (seen === "visiting") {
      throw invalid(
        `dependsOn makes a cycle (${[...chain, item.id].join(" -> ")}). Fix: remove one of those dependencies.`,
      );
    }
    state.set(item.id, "visiting");
    for (const dependency of item.dependsOn) visit(byId.get(dependency) as PlannedItem, [...chain, item.id]);
    state.set(item.id, "done");
    ordered.push(item);
  };
  for (const item of items) visit(item, []);
  return ordered;
}

function parseBack(text: string | undefined): unknown {
  return text === undefined ? undefined : JSON.parse(text);
}

function invalid(message: string): ToolError {
  return new ToolError("InvalidBatch", message);
}
