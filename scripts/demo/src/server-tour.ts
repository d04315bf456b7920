/**
 * The tour's second half: each of the four servers is spawned from its built bin, exactly as Claude
 * would start it, and called through the real MCP SDK client. Prints one readable line per call.
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

type Content = Record<string, unknown>;
interface TourCall {
  tool: string;
  args: Record<string, unknown>;
  /** One line from the structured result. */
  summary: (result: Content) => string;
}
interface TourStop {
  server: "graph" | "powerbi" | "fabric" | "powerplatform";
  mode: "app" | "delegated";
  calls: TourCall[];
}

const names = (items: unknown, field: string, max = 4) => {
  const list = (Array.isArray(items) ? items : []).map((item) => String((item as Content)[field]));
  return `${list.slice(0, max).join(", ")}${list.length > max ? `, … (${list.length})` : ""}`;
};

const STOPS: TourStop[] = [
  {
    server: "graph",
    mode: "app",
    calls: [
      {
        tool: "list_users",
        args: { top: 5 },
        summary: (r) => `users: ${names(r.value, "userPrincipalName")}`,
      },
    ],
  },
  {
    server: "graph",
    mode: "delegated",
    calls: [
      { tool: "get_me", args: {}, summary: (r) => `signed in as ${r.displayName} <${r.userPrincipalName}>` },
      {
        tool: "list_messages",
        args: { top: 3 },
        summary: (r) => `latest mail: ${names(r.value, "subject")}`,
      },
    ],
  },
  {
    server: "powerbi",
    mode: "app",
    calls: [
      { tool: "list_workspaces", args: {}, summary: (r) => `workspaces: ${names(r.value, "name")}` },
      {
        tool: "execute_dax",
        args: {
          workspaceId: "Sales Analytics",
          datasetId: "Sales Model",
          query: "EVALUATE TOPN(3, 'Product')",
        },
        // execute_dax returns a table: { columns, rows, rowCount }.
        summary: (r) => `DAX TOPN(3, 'Product') -> ${Array.isArray(r.rows) ? r.rows.length : 0} rows`,
      },
    ],
  },
  {
    server: "fabric",
    mode: "app",
    calls: [
      {
        tool: "list_items",
        args: { workspaceId: "Sales Analytics" },
        // Up to 10: the workspace holds 8 items (reports, datasets, the lakehouse), all worth seeing.
        summary: (r) => `items in Sales Analytics: ${names(r.value, "displayName", 10)}`,
      },
    ],
  },
  {
    server: "powerplatform",
    mode: "app",
    calls: [
      {
        tool: "list_environments",
        args: {},
        summary: (r) => `environments: ${names(r.value, "displayName")}`,
      },
      {
        tool: "dataverse_query",
        args: { environment: "Contoso (default)", entitySet: "accounts", select: "name", top: 3 },
        summary: (r) => `Dataverse accounts: ${names(r.value, "name")}`,
      },
    ],
  },
];

const require = createRequire(import.meta.url);

/** A result's data: structuredContent (tools with an output schema), else the JSON of its text. */
function dataOf(result: Record<string, unknown>): unknown {
  if (result.structuredContent) return result.structuredContent;
  const text = (result.content as { text?: string }[] | undefined)?.[0]?.text;
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return {};
  }
}
/** The built bin of a server package, as its package.json names it. */
export function binOf(server: string): string {
  const manifest = require(`@entra-mcp/${server}/package.json`) as { bin: Record<string, string> };
  const bin = Object.values(manifest.bin)[0] as string;
  return fileURLToPath(new URL(bin, `file://${require.resolve(`@entra-mcp/${server}/package.json`)}`));
}

/** Runs every stop; returns false if any call failed. */
export async function runServerTour(
  env: Record<string, string>,
  out: (line?: string) => void,
): Promise<boolean> {
  let ok = true;
  for (const stop of STOPS) {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [binOf(stop.server)],
      env: { ...env, ENTRA_MCP_AUTH_MODE: stop.mode },
      stderr: "ignore",
    });
    const client = new Client({ name: "entra-mcp-demo", version: "1.0.0" });
    await client.connect(transport);
    const { tools } = await client.listTools();
    out(
      `\nentra-mcp-${stop.server} (${stop.mode === "app" ? "app-only" : "delegated"}): ${tools.length} tools`,
    );
    for (const call of stop.calls) {
      const result = await client.callTool({ name: call.tool, arguments: call.args });
      if (result.isError) {
        ok = false;
        const text = (result.content as { text?: string }[])[0]?.text ?? "";
        out(`  ${call.tool.padEnd(18)} failed: ${text.slice(0, 300)}`);
      } else {
        out(`  ${call.tool.padEnd(18)} ${call.summary(dataOf(result) as Content)}`);
      }
    }
    await client.close();
  }
  return ok;
}
