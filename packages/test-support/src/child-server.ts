/**
 * Spawns a built server bin and talks MCP to it over its stdio with the SDK Client, keeping every raw
 * stdout line so a test can prove stdout carried nothing but JSON-RPC messages.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { once } from "node:events";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { deserializeMessage, serializeMessage } from "@modelcontextprotocol/sdk/shared/stdio.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { CallToolResult, JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { expect } from "vitest";

/** A Transport over a child process's stdin/stdout that records stdout verbatim, line by line. */
class RecordingStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  readonly stdoutLines: string[] = [];
  stderr = "";
  private pending = "";
  private child: ChildProcessWithoutNullStreams | undefined;

  constructor(
    private readonly args: string[],
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  async start(): Promise<void> {
    const child = spawn(process.execPath, this.args, { env: this.env, stdio: "pipe" });
    this.child = child;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => this.read(chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      this.stderr += chunk;
    });
    child.on("close", () => this.onclose?.());
    await once(child, "spawn");
  }

  async send(message: JSONRPCMessage): Promise<void> {
    this.child?.stdin.write(serializeMessage(message));
  }

  /** Ends stdin (what a client does on shutdown) and waits for the process to exit. */
  async close(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, "exit");
    child.stdin.end();
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }

  /** Exit code, or the signal name when the process was killed. */
  get exit(): number | string | null {
    return this.child?.exitCode ?? this.child?.signalCode ?? null;
  }

  /** Bytes written to stdout after the last newline (a well-behaved server leaves none). */
  get unterminated(): string {
    return this.pending;
  }

  private read(chunk: string): void {
    const lines = (this.pending + chunk).split("\n");
    this.pending = lines.pop() ?? "";
    for (const line of lines) {
      this.stdoutLines.push(line);
      try {
        this.onmessage?.(deserializeMessage(line));
      } catch (error) {
        this.onerror?.(error as Error);
      }
    }
  }
}

export interface ChildServer {
  client: Client;
  transport: RecordingStdioTransport;
  /** Closes the client (stdin EOF) and waits for the server to exit. */
  close(): Promise<void>;
}

/** Starts `node <bin>` with `env`, connects an MCP client and completes `initialize`. */
export async function startChildServer(bin: string, env: NodeJS.ProcessEnv): Promise<ChildServer> {
  const transport = new RecordingStdioTransport([bin], env);
  const client = new Client({ name: "entra-mcp-e2e", version: "0.0.0" });
  await client.connect(transport);
  return {
    client,
    transport,
    close: async () => {
      await client.close();
      await transport.close();
    },
  };
}

/** Lines of stdout that are not exactly one JSON-RPC message each (empty when stdout is pure). */
export function impureStdoutLines(transport: RecordingStdioTransport): string[] {
  const bad = transport.stdoutLines.filter((line) => {
    try {
      deserializeMessage(line);
      return false;
    } catch {
      return true;
    }
  });
  return transport.unterminated ? [...bad, transport.unterminated] : bad;
}

/**
 * Runs `body` against a fresh server process, then closes stdin and checks what every run must hold:
 * stdout carried only JSON-RPC lines, and the process exited 0 on its own.
 */
export async function withChildServer(
  bin: string,
  env: NodeJS.ProcessEnv,
  body: (server: ChildServer) => Promise<void>,
): Promise<void> {
  const server = await startChildServer(bin, env);
  try {
    await body(server);
  } finally {
    await server.close();
  }
  expect(impureStdoutLines(server.transport)).toEqual([]);
  expect(server.transport.stdoutLines.length).toBeGreaterThan(0);
  expect(server.transport.exit, server.transport.stderr).toBe(0);
}

/** Calls a tool and returns the result typed as a CallToolResult. */
export async function callTool(
  server: ChildServer,
  name: string,
  args: Record<string, unknown> = {},
): Promise<CallToolResult> {
  return (await server.client.callTool({ name, arguments: args })) as CallToolResult;
}

/** The text parts of a tool result, joined. */
export const textOf = (result: CallToolResult): string =>
  result.content.map((part) => (part.type === "text" ? part.text : "")).join("\n");

/**
 * A result's data however the server rendered it: structuredContent (tools with an output schema),
 * else the compact JSON of its one text part (server-kit's output/render.ts).
 */
export const dataOf = (result: CallToolResult): Record<string, unknown> | undefined => {
  if (result.structuredContent) return result.structuredContent;
  const part = result.content[0];
  if (result.isError || result.content.length !== 1 || part?.type !== "text") return undefined;
  return JSON.parse(part.text) as Record<string, unknown>;
};

/** The `value` list of a collection result (empty when there is none). */
export const valuesOf = (result: CallToolResult): Record<string, unknown>[] => {
  const value = dataOf(result)?.value;
  return Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
};
