/**
 * An operation's `precheck`: one GET made before the call, whose answer may refuse the call with a
 * clear error — so a request the API would refuse, or answer misleadingly, is never sent. Power BI's
 * execute_dax reads the dataset's RLS flags this way in app-only mode.
 */
import type { AuthMode, OperationDescription } from "../api-description.js";
import type { ApiClient } from "../http/api-client.js";
import type { ResolvedApi } from "../http/api-endpoint.js";
import { sideGet } from "./side-get.js";
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
  const body = await sideGet(client, op, api, mode, check.path, args, signal);
  const refusal = check.refuse(args, body);
  if (refusal) throw new ToolError(refusal.code, refusal.message);
}
