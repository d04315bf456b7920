/** tools/list exactly as a client receives it, and the size of that response message on the wire. */

import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { serializeMessage } from "@modelcontextprotocol/sdk/shared/stdio.js";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";

/** Connects `server` in-process, lists its tools, closes both ends. */
export async function listToolsOf(server: McpServer): Promise<{ tools: Tool[]; bytes: number }> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  let bytes = 0;
  const send = serverSide.send.bind(serverSide);
  serverSide.send = async (message, options) => {
    if ("result" in message && Array.isArray(message.result.tools)) bytes = serializeMessage(message).length;
    return send(message, options);
  };
  await server.connect(serverSide);
  const client = new Client({ name: "tools-list-test", version: "0.0.0" });
  await client.connect(clientSide);
  const { tools } = await client.listTools();
  await client.close();
  await server.close();
  return { tools, bytes };
}
