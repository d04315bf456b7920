/**
 * Spawns the HTTP fixture (the test description through runServer, `--http`) and waits for its
 * "listening" line; keeps all of stderr (the JSON logs) for the tests to read and scan.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const fixture = fileURLToPath(new URL("../fixtures/http-server.ts", import.meta.url));

export interface HttpServerProcess {
  child: ChildProcess;
  /** The MCP endpoint (the public URL). */
  url: string;
  /** scheme://host:port of the listening address. */
  origin: string;
  stderr(): string;
  stdout(): string;
  /** stderr's JSON lines, parsed (other lines skipped). */
  logs(): Array<Record<string, unknown>>;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Runs the fixture and resolves once it listens; rejects with its stderr if it exits first. */
export async function startHttpServer(
  env: NodeJS.ProcessEnv,
  args: string[] = ["--http"],
): Promise<HttpServerProcess> {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  const strip = major === 22 && minor < 18 ? ["--experimental-strip-types"] : [];
  const child = spawn(process.execPath, [...strip, fixture, ...args], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  let out = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    out += chunk.toString("utf8");
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      err += chunk.toString("utf8");
      const match = /"event":"listening","url":"([^"]+)"/.exec(err);
      if (match?.[1]) resolve(match[1]);
    });
    exited.then((code) => reject(new Error(`the server exited (${code}) before listening:\n${err}`)));
  });
  const logs = () =>
    err
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return {
    child,
    url,
    origin: new URL(url).origin,
    stderr: () => err,
    stdout: () => out,
    logs,
    exited,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 12_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}

/** Runs the fixture expecting it to refuse to start; resolves with its exit code and stderr. */
export async function failedStart(
  env: NodeJS.ProcessEnv,
  args: string[] = ["--http"],
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [fixture, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    err += chunk.toString("utf8");
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  const code = await new Promise<number | null>((resolve) => child.once("exit", (value) => resolve(value)));
  clearTimeout(timer);
  return { code, stderr: err };
}

/** One JSON-RPC POST as an MCP client sends it. */
export function rpc(
  url: string,
  message: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": "2025-11-25",
      ...headers,
    },
    body: JSON.stringify({ jsonrpc: "2.0", ...message }),
  });
}

export const INITIALIZE = {
  id: 1,
  method: "initialize",
  params: {
    protocolVersion: "2025-11-25",
    capabilities: {},
    clientInfo: { name: "http-test", version: "1.0.0" },
  },
};
