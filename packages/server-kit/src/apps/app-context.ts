/**
 * The AppToolContext of one app tool call: API calls through the same pipeline as operations (URL built
 * under the API base, host-pinned token, bounded retries, the API's error words with permission hints).
 */
import type { AuthMode } from "../api-description.js";
import type { ApiClient } from "../http/api-client.js";
import { buildUrl } from "../http/api-endpoint.js";
import { apiError } from "../http/api-error.js";
import { checkRelativePath, fillPathTemplate } from "../http/safe-path.js";
import type { AppCallOptions, AppToolContext } from "./app-description.js";
import type { AppGrants } from "./app-grants.js";

/** Builds the context for one call (auth-core is loaded by then: the config gives mode and cloud). */
export async function appToolContext(
  client: ApiClient,
  grants: AppGrants,
  env: NodeJS.ProcessEnv,
  signal: AbortSignal,
): Promise<AppToolContext> {
  const session = await client.session();
  const mode: AuthMode = session.config.mode;
  const defaultApi = client.description.defaultApi;
  return {
    mode,
    cloud: session.config.cloud,
    env,
    signal,
    grants,
    async call(options: AppCallOptions): Promise<unknown> {
      const api = await client.resolve(options.api ?? defaultApi, undefined, signal);
      const relative = checkRelativePath(fillPathTemplate(options.path, options.params ?? {}));
      const url = buildUrl(api, relative, options.query);
      const body = options.body === undefined ? undefined : JSON.stringify(options.body);
      const { result, token } = await client.send(api, mode, {
        method: options.method,
        url,
        body,
        headers: {},
        idempotent: options.idempotent ?? options.method === "GET",
        signal,
      });
      if (result.status >= 400) {
        throw apiError(result, {
          api,
          method: options.method,
          mode,
          token,
          permissions: options.permissions,
          manifest: client.description.permissions,
        });
      }
      return result.body;
    },
    async credential(apiKey?: string) {
      const api = await client.resolve(apiKey ?? defaultApi, undefined, signal);
      const token = await session.auth.getToken(api.scopes, { mode });
      return { token: token.accessToken, expiresOn: token.expiresOn };
    },
  };
}
