/**
 * One server process driven by the real MCP SDK client over stdio, with the child's pid at hand for
 * memory readings and timestamps for start-up figures.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

export interface ServerCommand {
  name: string;
  command: string;
  args: string[];
}

export interface Session {
  client: Client;
  pid: number;
  initializeMs: number;
  toolsListMs: number;
  toolsListBytes: number;
  close(): Promise<void>;
}

/** Spawns `server`, initializes, lists tools; times both from the spawn. */
export async function openSession(server: ServerCommand, env: Record<string, string>): Promise<Session> {
  const started = performance.now();
  const transport = new StdioClientTransport({
    command: server.command,
    args: server.args,
    env,
    stderr: "ignore",
  });
  const client = new Client({ name: "entra-mcp-bench", version: "1.0.0" });
  await client.connect(transport);
  const initializeMs = performance.now() - started;
  const tools = await client.listTools();
  const toolsListMs = performance.now() - started;
  return {
    client,
    pid: transport.pid ?? 0,
    initializeMs,
    toolsListMs,
    toolsListBytes: Buffer.byteLength(JSON.stringify(tools)),
    close: () => client.close(),
  };
}
