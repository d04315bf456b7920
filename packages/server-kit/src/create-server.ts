/**
 * `createEntraMcpServer(description)`: the MCP server of one API description. Creating it touches no
 * network and loads no auth library; which tools exist follows ENTRA_MCP_ALLOW_WRITES / ENTRA_MCP_TOOLS.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { ApiDescription } from "./api-description.js";
import { registerApps } from "./apps/register-apps.js";
import { BATCH_TOOL } from "./batch/batch-support.js";
import { registerBatchTool } from "./batch/batch-tool.js";
import { ApiClient } from "./http/api-client.js";
import { sharedJsonSchemaValidator } from "./json-schema-validator.js";
import { addLogTarget, log, setLogThreshold } from "./logging.js";
import { readSettings } from "./settings.js";
import { AUTH_STATUS_TOOL, registerAuthStatusTool } from "./tools/auth-status-tool.js";
import { registerOperationTool } from "./tools/operation-tool.js";
import { REQUEST_TOOL, registerRequestTool } from "./tools/request-tool.js";
import { selectTools } from "./tools/tool-selection.js";
import { validateDescription } from "./validate-description.js";

export interface ServerOptions {
  /** Environment to read ENTRA_MCP_* settings from; default process.env. */
  env?: NodeJS.ProcessEnv;
  /**
   * Send the process's log lines to this server's client as MCP logging notifications (default true).
   * Hosted mode turns it off: a server per request must not hear the log lines of other users' requests.
   */
  forwardLogs?: boolean;
  /**
   * Register only this tool (when it is selected at all). Hosted mode builds a server per request, and
   * a tools/call needs no other tool: registering 30+ tools for it was a good part of the request's
   * cost. An unknown or disabled name gets the SDK's own "not found" answer, as with every tool.
   */
  onlyTool?: string;
}

/** Builds the MCP server for `description` (no network, no auth-core import at creation). */
export function createEntraMcpServer(description: ApiDescription, options: ServerOptions = {}): McpServer {
  validateDescription(description);
  const env = options.env ?? process.env;
  const settings = readSettings(env);
  setLogThreshold(settings.logLevel);
  for (const warning of settings.warnings) warnOnce(warning);

  const server = new McpServer(
    { name: `entra-mcp-${description.name}`, title: description.title, version: description.version },
    {
      capabilities: { tools: {}, logging: {} },
      ...(description.instructions ? { instructions: description.instructions } : {}),
      maxToolInputElements: 2000,
      jsonSchemaValidator: sharedJsonSchemaValidator,
    },
  );
  const client = new ApiClient(description, settings, env);

  const selection = selectTools(description, settings.tools);
  for (const warning of selection.warnings) warnOnce(warning);
  const include = options.onlyTool
    ? (name: string) => name === options.onlyTool && selection.includes(name)
    : selection.includes;

  for (const op of description.operations) {
    if (!include(op.name)) continue;
    if (op.access === "write" && !settings.allowWrites) {
      if (selection.named(op.name)) {
        warnOnce(`ENTRA_MCP_TOOLS: ${op.name} writes; set ENTRA_MCP_ALLOW_WRITES=true to enable it.`);
      }
      continue;
    }
    registerOperationTool(server, op, client);
  }
  registerApps(server, description.apps, client, env, include);
  if (include(REQUEST_TOOL)) registerRequestTool(server, client);
  if (include(BATCH_TOOL)) registerBatchTool(server, client);
  if (include(AUTH_STATUS_TOOL)) registerAuthStatusTool(server, client);

  const removeLogTarget = options.forwardLogs === false ? () => undefined : addLogTarget(server);
  const previousOnClose = server.server.onclose;
  server.server.onclose = () => {
    removeLogTarget();
    previousOnClose?.();
  };
  return server;
}

const warned = new Set<string>();

/** A settings warning once per process: hosted mode builds a server per request. */
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  log("warn", "server", message);
}
