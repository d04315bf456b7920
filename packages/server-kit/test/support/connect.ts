/** An in-process server (createEntraMcpServer) and an SDK Client linked by InMemoryTransport. */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult, LoggingMessageNotification } from "@modelcontextprotocol/sdk/types.js";
import { LoggingMessageNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import type { ApiDescription } from "../../src/api-description.js";
import { createEntraMcpServer } from "../../src/index.js";
import { testApi } from "./test-api.js";

export interface Connected {
  client: Client;
  /** Calls a tool and returns the result (text joined for convenience). */
  call(name: string, args?: Record<string, unknown>, options?: { signal?: AbortSignal }): Promise<CallResult>;
  logs: LoggingMessageNotification["params"][];
  close(): Promise<void>;
}

export type CallResult = CallToolResult & { text: string };

/**
 * A result's data however it was rendered: structuredContent (tools with an output schema), else the
 * compact JSON of its one text part (note and nextCursor among its members).
 */
export function dataOf(result: CallToolResult): Record<string, unknown> | undefined {
  if (result.structuredContent) return result.structuredContent;
  const part = result.content[0];
  if (result.isError || result.content.length !== 1 || part?.type !== "text") return undefined;
  return JSON.parse(part.text) as Record<string, unknown>;
}

export async function connect(
  env: NodeJS.ProcessEnv,
  description: ApiDescription = testApi,
): Promise<Connected> {
  const server = createEntraMcpServer(description, { env });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "server-kit-test", version: "1.0.0" });
  const logs: LoggingMessageNotification["params"][] = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
    logs.push(notification.params);
  });
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  return {
    client,
    logs,
    call: async (name, args = {}, options = {}) => {
      const result = (await client.callTool({ name, arguments: args }, undefined, options)) as CallToolResult;
      const text = result.content.map((part) => (part.type === "text" ? part.text : "")).join("\n");
      return { ...result, text };
    },
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}
