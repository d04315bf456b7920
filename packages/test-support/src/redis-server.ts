/**
 * A real redis-server for one test file: its own process on 127.0.0.1 and a free port, no persistence,
 * stopped by the test. It can be stopped and started again on the same port (Redis "down", then
 * "back"), or frozen with SIGSTOP (Redis "slow": connections open, no answers) and thawed.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createConnection, createServer } from "node:net";

export interface RedisServer {
  /** redis://127.0.0.1:<port> */
  url: string;
  port: number;
  /** Stops the process (SIGTERM, then SIGKILL); Redis is "down" until start(). */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty (no persistence); does nothing while it runs. */
  start(): Promise<void>;
  /** SIGSTOP: the port still accepts connections but nothing answers (a hung Redis). */
  freeze(): void;
  /** SIGCONT after freeze(). */
  thaw(): void;
}

const BINARY = process.env.REDIS_SERVER_BIN ?? "redis-server";

/** Starts redis-server on a free port and waits until it answers PING. */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const running = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  const start = async () => {
    if (running()) return;
    const started = spawn(
      BINARY,
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      {
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let stderr = "";
    started.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    started.on("error", (error) => {
      stderr += String(error);
    });
    child = started;
    await waitForPong(port, started, () => stderr);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    async stop() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      running.kill("SIGCONT");
      running.kill("SIGTERM");
      const timer = setTimeout(() => running.kill("SIGKILL"), 3000);
      await once(running, "exit");
      clearTimeout(timer);
    },
    freeze() {
      child?.kill("SIGSTOP");
    },
    thaw() {
      child?.kill("SIGCONT");
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (!address || typeof address === "string") throw new Error("could not pick a free port");
  return address.port;
}

async function waitForPong(port: number, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(
        `redis-server exited with ${child.exitCode} before answering: ${stderr().slice(0, 500)}`,
      );
    if (await pings(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill("SIGKILL");
  throw new Error(`redis-server on port ${port} did not answer PING within 10 s: ${stderr().slice(0, 500)}`);
}

function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.on("error", () => done(false));
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (data) => done(data.toString().startsWith("+PONG")));
  });
}
