/**
 * The bin helper: the server on stdio. stdout carries only MCP messages (stray console output is sent
 * to stderr); the process exits promptly when stdin closes or on SIGTERM / SIGINT. Reading stdin is
 * transports/stdio: an oversized or malformed message gets a JSON-RPC error and serving goes on. Memory
 * grown under load is given back once the server is quiet (memory/idle-collect.ts).
 */
import type { ApiDescription } from "./api-description.js";
import { createEntraMcpServer, type ServerOptions } from "./create-server.js";
import { log } from "./logging.js";
import { idleCollector } from "./memory/idle-collect.js";
import { EntraStdioServerTransport } from "./transports/stdio/stdio-transport.js";

/** Builds the server for `description` and serves it on stdin/stdout until stdin closes or a signal. */
export async function runStdioServer(
  description: ApiDescription,
  options: ServerOptions = {},
): Promise<void> {
  keepStdoutForMcp();
  const server = createEntraMcpServer(description, options);
  let exiting = false;
  const exit = (code: number) => {
    if (exiting) return;
    exiting = true;
    // Pending work (a sign-in, a slow call) must not keep a server alive that nobody can talk to.
    setTimeout(() => process.exit(code), 500).unref();
    server.close().then(
      () => process.exit(code),
      () => process.exit(code),
    );
  };
  process.stdin.once("end", () => exit(0));
  process.stdin.once("close", () => exit(0));
  process.once("SIGTERM", () => exit(0));
  process.once("SIGINT", () => exit(0));
  process.on("unhandledRejection", (reason) => {
    log(
      "error",
      "server",
      `unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}`,
    );
  });
  const transport = new EntraStdioServerTransport();
  const collector = idleCollector();
  transport.onactivity = () => collector.touch();
  await server.connect(transport);
}

/** Any library that prints with console.log/info/debug writes to stderr instead of the MCP stream. */
function keepStdoutForMcp(): void {
  const toStderr = (...args: unknown[]) => console.error(...args);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  console.trace = toStderr;
}
