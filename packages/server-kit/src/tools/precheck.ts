/**
 * An operation's `precheck`: one GET made before the call, whose answer may refuse the call with a
 * clear error — so a request the API would refuse, or answer misleadingly, is never sent. Power BI's
 * execute_dax reads the dataset's RLS flags this way in app-only mode.
 */
import type { AuthMode, OperationDescription } from "../api-description.js";
import type { ApiClient } from "../http/api-client.js";
import { buildUrl, type ResolvedApi } from "../http/api-endpoint.js";
import { apiError } from "../http/api-error.js";
import { checkRelativePath, fillPathTemplate } from "../http/safe-path.js";
import { ToolError } from "./tool-error.js";

/** Runs `op.precheck` (when it applies in `mode`) and throws its refusal as a ToolError. */
export async function runPrecheck(
  client: ApiClient,
  op: OperationDescription,
  args: Record<string, unknown>,
  api: ResolvedApi,
  mode: AuthMode,
  signal: AbortSignal | undefined,
): Promise<void> {
  const check = op.precheck;
  if (!check || (check.mode && check.mode !== mode)) return;
  const url = buildUrl(api, checkRelativePath(fillPathTemplate(check.path, args)), undefined);
  const { result, token } = await client.send(api, mode, { method: "GET", url, idempotent: true, signal });
  if (result.status >= 400) {
    throw apiError(result, {
      api,
      method: "GET",
      mode,
      token,
      permissions: op.permissions,
      manifest: client.description.permissions,
    });
  }
  const refusal = check.refuse(args, result.body);
  if (refusal) throw new ToolError(refusal.code, refusal.message);
}
