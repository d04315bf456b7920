/// <reference lib="dom" />
/**
 * A small MCP Apps host for the browser test, built on ext-apps' host-side AppBridge: it asks the
 * server (through the test process, which holds the MCP SDK Client over stdio) for tools/list and
 * show_report, shows the chat turn, renders the tool's ui:// resource in a sandboxed iframe on
 * another origin, and relays the view's tools/call requests — only to tools visible to apps.
 */
import {
  AppBridge,
  getToolUiResourceUri,
  isToolVisibilityModelOnly,
  PostMessageTransport,
} from "@modelcontextprotocol/ext-apps/app-bridge";
import type { CallToolRequest, CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";

declare global {
  interface Window {
    /** Exposed by the test: the MCP client's tools/list and tools/call (main frame only). */
    mcpListTools(): Promise<{ tools: Tool[] }>;
    mcpCallTool(params: CallToolRequest["params"]): Promise<CallToolResult>;
    hostReady?: Promise<void>;
  }
}

function bubble(role: "user" | "assistant", text: string): HTMLElement {
  const element = document.createElement("div");
  element.className = `bubble ${role}`;
  element.textContent = text;
  document.getElementById("chat")?.append(element);
  return element;
}

async function main(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const args = JSON.parse(params.get("args") ?? "{}") as Record<string, unknown>;
  const viewOrigin = params.get("viewOrigin") ?? "";
  bubble("user", params.get("prompt") ?? "Show the report.");

  const { tools } = await window.mcpListTools();
  const tool = tools.find((candidate) => candidate.name === "show_report");
  const uri = tool ? getToolUiResourceUri(tool) : undefined;
  if (!tool || !uri) throw new Error("show_report has no ui:// resource");
  const result = await window.mcpCallTool({ name: "show_report", arguments: args });
  const text = result.content.map((part) => (part.type === "text" ? part.text : "")).join("\n");
  bubble("assistant", text);

  const frame = document.createElement("iframe");
  frame.id = "view";
  // Another origin than the host's, scripts allowed: what MCP Apps hosts give a view.
  frame.setAttribute("sandbox", "allow-scripts allow-same-origin");
  frame.src = `${viewOrigin}/view?uri=${encodeURIComponent(uri)}`;
  document.getElementById("chat")?.append(frame);
  const view = frame.contentWindow;
  if (!view) throw new Error("the view iframe has no window");

  const bridge = new AppBridge(
    null,
    { name: "entra-mcp test host", version: "1.0.0" },
    { serverTools: {}, openLinks: {}, logging: {} },
    { hostContext: { theme: "light", displayMode: "inline" } },
  );
  bridge.oncalltool = async (request) => {
    const target = tools.find((candidate) => candidate.name === request.name);
    if (!target || isToolVisibilityModelOnly(target)) {
      return { isError: true, content: [{ type: "text", text: `${request.name} is not callable by apps.` }] };
    }
    return window.mcpCallTool(request);
  };
  bridge.onsizechange = ({ height }) => {
    if (height) frame.style.height = `${Math.min(height, 900)}px`;
  };
  bridge.oninitialized = () => {
    void bridge.sendToolInput({ arguments: args });
    void bridge.sendToolResult(result);
  };
  await bridge.connect(new PostMessageTransport(view, view));
}

window.hostReady = main().catch((error: unknown) => {
  document.body.dataset.hostError = error instanceof Error ? error.message : String(error);
});
