/**
 * The one door a server's bin calls: MCP over stdio (the default, for Claude Desktop and local
 * clients) or, with `--http` or ENTRA_MCP_TRANSPORT=http, over Streamable HTTP (hosted team mode).
 * The server is the same; only the transport differs. V8's heap is sized for a long-lived process
 * once start-up is over (memory/heap-sizing.ts).
 */
import type { ApiDescription } from "./api-description.js";
import { authCoreLoaded } from "./auth/auth-session.js";
import type { ServerOptions } from "./create-server.js";
import { log } from "./logging.js";
import { HOSTED_YOUNG_MB, sizeHeapAfterStartUp } from "./memory/heap-sizing.js";
import { runStdioServer } from "./run-stdio-server.js";
import { startupRefusal } from "./startup-refusals.js";

export interface RunServerOptions extends ServerOptions {
  /** Command-line arguments (default process.argv.slice(2)). */
  argv?: string[];
}

/** Serves `description` on the transport the command line / environment asks for. */
export async function runServer(description: ApiDescription, options: RunServerOptions = {}): Promise<void> {
  const env = options.env ?? process.env;
  const argv = options.argv ?? process.argv.slice(2);
  const transport = chooseTransport(argv, env);
  if (transport instanceof Error) {
    process.stderr.write(`${transport.message}\n`);
    process.exit(2);
  }
  const refusal = startupRefusal(env);
  if (refusal) {
    process.stderr.write(`${refusal}\n`);
    process.exit(2);
  }
  sizeHeapAfterStartUp(authCoreLoaded(), {
    env,
    ...(transport === "http" ? { youngGenerationMb: HOSTED_YOUNG_MB } : {}),
  });
  if (transport === "stdio") return runStdioServer(description, { env });
  // Loaded only for hosted mode: a stdio server never loads node:http or the SDK's HTTP transport.
  const { runHttpServer } = await import("./transports/http/run-http-server.js");
  let served: Awaited<ReturnType<typeof runHttpServer>>;
  try {
    served = await runHttpServer(description, { env });
  } catch (error) {
    process.stderr.write(
      `${JSON.stringify({ time: new Date().toISOString(), level: "error", event: "start-failed", message: error instanceof Error ? error.message : String(error) })}\n`,
    );
    process.exit(1);
  }
  const stop = () => {
    served.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  process.on("unhandledRejection", (reason) => {
    log(
      "error",
      "server",
      `unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}`,
    );
  });
}

function chooseTransport(argv: string[], env: NodeJS.ProcessEnv): "stdio" | "http" | Error {
  if (argv.includes("--http")) return "http";
  const unknown = argv.filter((arg) => arg.startsWith("--") && arg !== "--stdio");
  if (unknown.length > 0) {
    return new Error(
      `entra-mcp: unknown option ${unknown.join(", ")}. Fix: use --http for hosted mode (MCP over HTTP), or no option for stdio.`,
    );
  }
  if (argv.includes("--stdio")) return "stdio";
  const raw = env.ENTRA_MCP_TRANSPORT?.trim().toLowerCase();
  if (!raw || raw === "stdio") return "stdio";
  if (raw === "http") return "http";
  return new Error(
    `ENTRA_MCP_TRANSPORT: "${env.ENTRA_MCP_TRANSPORT}" is not a transport. Fix: set it to stdio (default) or http.`,
  );
}
