/**
 * Child-process entry of the local registry: `node registry-server.(ts|js) <config.yaml>`.
 *
 * Runs verdaccio's programmatic server on 127.0.0.1 with an OS-chosen port and prints one JSON line
 * `{"port":N}` on stdout. It lives in its own process because verdaccio's logger is a process-wide
 * singleton (two registries in one process would log into the first one's file) and because a child
 * can stop by itself: it exits when its stdin closes, which happens when the parent closes it or dies.
 */
import { appendFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { runServer } from "verdaccio";

const [configPath, trafficFile] = process.argv.slice(2);
if (!configPath || !trafficFile) {
  console.error("registry-server: usage: registry-server <config.yaml> <traffic.jsonl>");
  process.exit(2);
}

const server = await runServer(configPath);
// One JSON line per answered request (verdaccio's own log writes some requests twice).
server.prependListener("request", (req: IncomingMessage, res: ServerResponse) => record(req, res));
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ port })}\n`);
});

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  // Keep-alive sockets from npm would hold close() open; the registry has nothing left to finish.
  server.closeAllConnections?.();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2_000).unref();
};
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.resume();
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

function record(req: IncomingMessage, res: ServerResponse): void {
  const started = performance.now();
  let bytesOut = 0;
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  const count = (chunk: unknown) => {
    if (typeof chunk === "string") bytesOut += Buffer.byteLength(chunk);
    else if (chunk instanceof Uint8Array) bytesOut += chunk.byteLength;
  };
  res.write = ((...args: unknown[]) => {
    count(args[0]);
    return write(...args);
  }) as typeof res.write;
  res.end = ((...args: unknown[]) => {
    if (typeof args[0] !== "function") count(args[0]);
    return end(...args);
  }) as typeof res.end;
  res.on("finish", () => {
    const entry = {
      method: req.method,
      url: req.url,
      status: res.statusCode,
      bytesIn: Number(req.headers["content-length"] ?? 0),
      bytesOut,
      ms: Math.round(performance.now() - started),
      agent: String(req.headers["user-agent"] ?? "").split(" ")[0],
    };
    appendFileSync(trafficFile as string, `${JSON.stringify(entry)}\n`);
  });
}
