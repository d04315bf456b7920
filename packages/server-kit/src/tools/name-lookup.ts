/**
 * Arguments listed in an operation's `lookups` accept a display name as well as an ID: anything not
 * GUID-like is resolved with one GET on the lookup path (exact, case-insensitive match).
 */
import type { AuthMode, OperationDescription } from "../api-description.js";
import type { ApiClient } from "../http/api-client.js";
import type { ResolvedApi } from "../http/api-endpoint.js";
import { sideGet } from "./side-get.js";
import { ToolError } from "./tool-error.js";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Returns the args with every looked-up name replaced by its ID. */
export async function resolveLookups(
  client: ApiClient,
  op: OperationDescription,
  args: Record<string, unknown>,
  defaultApi: ResolvedApi,
  mode: AuthMode,
  signal: AbortSignal | undefined,
): Promise<Record<string, unknown>> {
  if (!op.lookups) return args;
  const resolved = { ...args };
  for (const [name, lookup] of Object.entries(op.lookups)) {
    const value = resolved[name];
    if (typeof value !== "string" || GUID.test(value.trim())) continue;
    const api = lookup.api
      ? await client.resolve(lookup.api, args.environment as string | undefined, signal)
      : defaultApi;
    const body = await sideGet(client, op, api, mode, lookup.path, resolved, signal);
    const raw = (body as { value?: unknown } | undefined)?.value;
    const items = (Array.isArray(raw) ? raw : []) as Record<string, unknown>[];
    const wanted = value.trim().toLowerCase();
    const byId = items.filter((item) => String(item[lookup.idField] ?? "").toLowerCase() === wanted);
    const byName = items.filter(
      (item) =>
        String(item[lookup.nameField] ?? "")
          .trim()
          .toLowerCase() === wanted,
    );
    const matches = byId.length > 0 ? byId : byName;
    const describe = (list: Record<string, unknown>[]) =>
      list
        .slice(0, 20)
        .map((item) => `${String(item[lookup.nameField] ?? "?")} (${String(item[lookup.idField] ?? "?")})`)
        .join(", ") + (list.length > 20 ? `, … ${list.length - 20} more` : "");
    if (matches.length === 1) {
      resolved[name] = (matches[0] as Record<string, unknown>)[lookup.idField];
      continue;
    }
    if (matches.length > 1) {
      throw new ToolError(
        "AmbiguousName",
        `"${value}" matches ${matches.length} items for ${name}: ${describe(matches)}. Fix: pass the ID instead.`,
        { candidates: matches.slice(0, 20).map((item) => item[lookup.idField]) },
      );
    }
    throw new ToolError(
      "NameNotFound",
      `no item named "${value.slice(0, 200)}" for ${name}. ${items.length > 0 ? `Candidates: ${describe(items)}.` : "The list is empty."} Fix: pass an exact name or the ID.`,
    );
  }
  return resolved;
}
