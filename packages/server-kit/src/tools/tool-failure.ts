/** Reports a failed tool call: logged (stderr + MCP logging) and returned as `isError: true`. */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { loadedRedact } from "../auth/auth-session.js";
import { log } from "../logging.js";
import { errorResult, ToolError } from "./tool-error.js";

export function failed(tool: string, error: unknown): CallToolResult {
  const result = errorResult(tool, error, loadedRedact());
  const text = (result.content[0] as { text: string }).text;
  // Our own refusals are answers to the caller; auth and unexpected failures also concern the operator.
  log(error instanceof ToolError ? "info" : "warn", "tools", text);
  return result;
}
