/**
 * `auth_status`: what auth-core reports (mode, tenant, principal, certificate, cache) plus the claims
 * of a token for one of this server's APIs — audience, roles/scopes, expiry. Never the token itself.
 * For a per-environment API (Dataverse) with no environment given and several allowed, the token
 * shown is the admin API's, and the environments are listed.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { summarizeToken } from "../auth/token-claims.js";
import type { ApiClient } from "../http/api-client.js";
import { compactJson } from "../output/render.js";
import { environmentArg } from "./operation-tool.js";
import { errorResult, ToolError } from "./tool-error.js";
import { failed } from "./tool-failure.js";
import { toolSchema } from "./tool-schema.js";

export const AUTH_STATUS_TOOL = "auth_status";

function errorText(error: unknown): string {
  return (errorResult(AUTH_STATUS_TOOL, error).content[0] as { text: string }).text;
}

export function registerAuthStatusTool(server: McpServer, client: ApiClient): void {
  const { description, settings } = client;
  const apiKeys = Object.keys(description.apis);
  const dynamic = apiKeys.some((key) => description.apis[key]?.dynamic === "environment-url");
  const inputSchema = toolSchema(description, "auth_status", () => ({
    ...(apiKeys.length > 1
      ? {
          api: z
            .enum(apiKeys as [string, ...string[]])
            .optional()
            .describe(`Default ${description.defaultApi}.`),
        }
      : {}),
    ...(dynamic ? { environment: environmentArg } : {}),
  }));

  /** The claims of a token for API `key` (in `environment`), or the readable reason there is none. */
  const tokenStatus = async (
    key: string,
    environment: string | undefined,
    mode: "app" | "delegated",
    signal: AbortSignal,
  ): Promise<Record<string, unknown>> => {
    try {
      const api = await client.resolve(key, environment, signal);
      const claims = summarizeToken(await client.token(api, mode));
      return { api: key, endpoint: api.origin, requestedScopes: api.scopes, ...claims };
    } catch (error) {
      return { api: key, error: errorText(error) };
    }
  };

  /**
   * A per-environment API asked about without an environment, when there is not exactly one:
   * instead of "pass environment" in the token field, the API that lists the environments (the admin
   * API) shows its token, and the environments one may pass are listed.
   */
  const environmentChoice = async (
    key: string,
    mode: "app" | "delegated",
    signal: AbortSignal,
  ): Promise<{ token: Record<string, unknown>; environments: Record<string, unknown> } | undefined> => {
    const target = description.apis[key];
    if (target?.dynamic !== "environment-url") return undefined;
    try {
      await client.resolve(key, undefined, signal);
      return undefined; // exactly one environment: its own token is the answer
    } catch (error) {
      if (!(error instanceof ToolError) || error.code !== "EnvironmentRequired") return undefined;
    }
    const listApi = target.discovery?.api;
    const token = listApi
      ? await tokenStatus(listApi, undefined, mode, signal)
      : { api: key, note: "no environment chosen, so no token was requested." };
    const note = `pass "environment" (a name, ID or URL below) to see the ${target.title ?? key} token for that environment.`;
    try {
      const allowed = (await client.allowedEnvironments(key, signal)).map((env) => ({
        url: env.origin,
        ...(env.name ? { name: env.name } : {}),
        ...(env.id ? { id: env.id } : {}),
      }));
      return {
        token,
        environments: {
          api: key,
          allowed,
          note:
            allowed.length > 0
              ? note
              : "no environment is known. Fix: set ENTRA_MCP_DATAVERSE_URLS to the environment URL(s), e.g. https://contoso.crm.dynamics.com.",
        },
      };
    } catch (error) {
      return { token, environments: { api: key, error: errorText(error) } };
    }
  };

  const handler = async (
    args: Record<string, unknown>,
    extra: { signal: AbortSignal },
  ): Promise<CallToolResult> => {
    try {
      const { auth, config } = await client.session();
      const apiKey = (args.api as string | undefined) ?? description.defaultApi;
      const environment = (args.environment as string | undefined)?.trim() || undefined;
      const choice = environment ? undefined : await environmentChoice(apiKey, config.mode, extra.signal);
      const token = choice?.token ?? (await tokenStatus(apiKey, environment, config.mode, extra.signal));
      const status = await auth.status();
      const data = {
        server: {
          name: `entra-mcp-${description.name}`,
          version: description.version,
          writesEnabled: settings.allowWrites,
        },
        auth: status,
        token,
        ...(choice ? { environments: choice.environments } : {}),
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
      inputSchema,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    handler as never,
  );
}
