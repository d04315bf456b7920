/**
 * `auth_status`: what auth-core reports (mode, tenant, principal, certificate, cache) plus the claims
 * of a token for one of this server's APIs — audience, roles/scopes, expiry. Never the token itself.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { summarizeToken } from "../auth/token-claims.js";
import type { ApiClient } from "../http/api-client.js";
import { compactJson } from "../output/render.js";
import { environmentArg } from "./operation-tool.js";
import { errorResult } from "./tool-error.js";
import { failed } from "./tool-failure.js";

export const AUTH_STATUS_TOOL = "auth_status";

export function registerAuthStatusTool(server: McpServer, client: ApiClient): void {
  const { description, settings } = client;
  const apiKeys = Object.keys(description.apis);
  const dynamic = apiKeys.some((key) => description.apis[key]?.dynamic === "environment-url");
  const inputShape: z.ZodRawShape = {
    ...(apiKeys.length > 1
      ? {
          api: z
            .enum(apiKeys as [string, ...string[]])
            .optional()
            .describe(`Default ${description.defaultApi}.`),
        }
      : {}),
    ...(dynamic ? { environment: environmentArg } : {}),
  };

  const handler = async (
    args: Record<string, unknown>,
    extra: { signal: AbortSignal },
  ): Promise<CallToolResult> => {
    try {
      const { auth, config } = await client.session();
      const apiKey = (args.api as string | undefined) ?? description.defaultApi;
      let token: Record<string, unknown>;
      try {
        const api = await client.resolve(apiKey, args.environment as string | undefined, extra.signal);
        const claims = summarizeToken(await client.token(api, config.mode));
        token = { api: apiKey, endpoint: api.origin, requestedScopes: api.scopes, ...claims };
      } catch (error) {
        const failure = errorResult(AUTH_STATUS_TOOL, error);
        token = { api: apiKey, error: (failure.content[0] as { text: string }).text };
      }
      const status = await auth.status();
      const data = {
        server: {
          name: `entra-mcp-${description.name}`,
          version: description.version,
          writesEnabled: settings.allowWrites,
        },
        auth: status,
        token,
      };
      return { content: [{ type: "text", text: compactJson(data) }], structuredContent: data };
    } catch (error) {
      return failed(AUTH_STATUS_TOOL, error);
    }
  };

  server.registerTool(
    AUTH_STATUS_TOOL,
    {
      title: "Auth status",
      description:
        "Shows the auth mode, tenant, principal, certificate and token cache, and the audience, roles/scopes and expiry of a token for this API (never the token). Gets a token if none is cached.",
      inputSchema: inputShape,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    handler as never,
  );
}
