/**
 * Spawns the stdio fixture with `node` and talks to it with the SDK Client over the child's own
 * streams, while keeping a copy of every byte it wrote to stdout (to check that it is only MCP).
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { LoggingMessageNotificationSchema } from "@modelcontextprotocol/sdk/types.js";

const fixture = fileURLToPath(new URL("../fixtures/stdio-server.ts", import.meta.url));
const traceHook = fileURLToPath(new URL("../fixtures/trace-imports.mjs", import.meta.url));

export interface SpawnedServer {
  child: ChildProcessWithoutNullStreams;
  client: Client;
  stdout(): string;
  stderr(): string;
  logs: string[];
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  close(): Promise<void>;
}

export async function spawnServer(
  env: NodeJS.ProcessEnv,
  options: { traceFile?: string; onLog?: (line: string) => void } = {},
): Promise<SpawnedServer> {
  // Node strips types by default from 22.18 / 23.6; older 22.x needs the flag.
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  const strip = major === 22 && minor < 18 ? ["--experimental-strip-types"] : [];
  const args = [...strip, ...(options.traceFile ? ["--import", traceHook] : []), fixture];
  const child = spawn(process.execPath, args, {
    env: { ...env, ...(options.traceFile ? { TRACE_IMPORTS_FILE: options.traceFile } : {}) },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString("utf8");
  });
  child.stderr.on("data", (chunk: Buffer) => {
    err += chunk.toString("utf8");
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const client = new Client({ name: "server-kit-stdio-test", version: "1.0.0" });
  const logs: string[] = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
    const line = String(notification.params.data);
    logs.push(line);
    options.onLog?.(line);
  });
  // A stdio transport is symmetric: the server's class reads the child's stdout and writes its stdin.
  await client.connect(new StdioServerTransport(child.stdout, child.stdin));
  return {
    child,
    client,
    stdout: () => out,
    stderr: () => err,
    logs,
    exited,
    close: async () => {
      child.stdin.end();
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}

/** Every stdout line must be exactly one JSON-RPC 2.0 message. */
export function nonJsonRpcLines(stdout: string): string[] {
  return stdout
    .split("\n")
    .filter((line) => line.length > 0)
    .filter((line) => {
      try {
        const message = JSON.parse(line) as { jsonrpc?: unknown };
        return message.jsonrpc !== "2.0";
      } catch {
        return true;
      }
    });
}
