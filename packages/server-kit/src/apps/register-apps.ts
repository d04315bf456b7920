/**
 * The door of the apps room: registers each described MCP App — its `ui://` resource (the view, served
 * as text/html;profile=mcp-app with the cloud's CSP) and its tools, with `_meta.ui.resourceUri` and
 * `_meta.ui.visibility` — through ext-apps' own server helpers.
 */
import {
  RESOURCE_MIME_TYPE,
  registerAppResource,
  registerAppTool,
} from "@modelcontextprotocol/ext-apps/server";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { ApiClient } from "../http/api-client.js";
import { checkArgSizes } from "../tools/arg-limits.js";
import { failed } from "../tools/tool-failure.js";
import { toolSchema } from "../tools/tool-schema.js";
import { appToolContext } from "./app-context.js";
import type { AppDescription, AppToolDescription } from "./app-description.js";
import { AppGrants } from "./app-grants.js";
import { readViewHtml } from "./view-html.js";

/** The names of every app tool of `apps` (for ENTRA_MCP_TOOLS). */
export function appToolNames(apps: AppDescription[] | undefined): string[] {
  return (apps ?? []).flatMap((app) => app.tools.map((tool) => tool.name));
}

/** Registers `apps` on `server`; `include` filters tools like ENTRA_MCP_TOOLS does for operations. */
export function registerApps(
  server: McpServer,
  apps: AppDescription[] | undefined,
  client: ApiClient,
  env: NodeJS.ProcessEnv,
  include: (tool: string) => boolean,
): void {
  // Per server instance: what this session's model opened is all its view may ask for.
  const grants = new AppGrants();
  for (const app of apps ?? []) {
    const tools = app.tools.filter((tool) => include(tool.name));
    if (tools.length === 0) continue;
    registerAppResource(
      server,
      app.name,
      app.uri,
      { title: app.title, description: app.description, mimeType: RESOURCE_MIME_TYPE },
      async () => {
        const [html, session] = await Promise.all([readViewHtml(app.view), client.session()]);
        const csp = app.csp(session.config.cloud);
        return {
          contents: [
            {
              uri: app.uri,
              mimeType: RESOURCE_MIME_TYPE,
              text: html,
              _meta: { ui: { csp, prefersBorder: true } },
            },
          ],
        };
      },
    );
    for (const tool of tools) registerTool(server, app, tool, client, grants, env);
  }
}

function registerTool(
  server: McpServer,
  app: AppDescription,
  tool: AppToolDescription,
  client: ApiClient,
  grants: AppGrants,
  env: NodeJS.ProcessEnv,
): void {
  const handler = async (
    args: Record<string, unknown>,
    extra: { signal: AbortSignal },
  ): Promise<CallToolResult> => {
    try {
      checkArgSizes(args);
      const ctx = await appToolContext(client, grants, env, extra.signal);
      const output = await tool.run(args, ctx);
      const result: CallToolResult = {
        content: [{ type: "text", text: output.text }],
        structuredContent: output.structured,
      };
      if (output.meta) {
        // A model-visible tool must never carry a credential, not even in _meta.
        if (tool.visibility.includes("model"))
          throw new Error(`${tool.name}: only app-only tools may return _meta.`);
        result._meta = output.meta;
      }
      return result;
    } catch (error) {
      return failed(tool.name, error);
    }
  };
  const { outputSchema: outputShape } = tool;
  registerAppTool(
    server,
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: toolSchema(tool, "input", () => tool.input),
      ...(outputShape ? { outputSchema: toolSchema(tool, "output", () => outputShape) } : {}),
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
      _meta: { ui: { resourceUri: app.uri, visibility: tool.visibility } },
    },
    handler as never,
  );
}
