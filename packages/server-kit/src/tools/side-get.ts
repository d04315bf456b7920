/**
 * A GET an operation makes besides its own request (a name lookup, a precheck): the path template is
 * filled and checked like the operation's, and an API error comes back as the operation's would,
 * with the operation's permissions in its fix.
 */
import type { AuthMode, OperationDescription } from "../api-description.js";
import type { ApiClient } from "../http/api-client.js";
import { buildUrl, type ResolvedApi } from "../http/api-endpoint.js";
import { apiError } from "../http/api-error.js";
import { checkRelativePath, fillPathTemplate } from "../http/safe-path.js";

/** GETs `pathTemplate` filled from `args` on `api`; returns the body, or throws the API's error. */
export async function sideGet(
  client: ApiClient,
  op: OperationDescription,
  api: ResolvedApi,
  mode: AuthMode,
  pathTemplate: string,
  args: Record<string, unknown>,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  const url = buildUrl(api, checkRelativePath(fillPathTemplate(pathTemplate, args)), undefined);
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
  return result.body;
}
