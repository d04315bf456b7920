/**
 * Starts the BUILT graph server in hosted mode (`--http`) as a child process and waits for its
 * "listening" line; the environment is the team config file plus an Azure login for the vault.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { REPO_ROOT } from "./run-cli.js";

export const GRAPH_BIN = join(REPO_ROOT, "servers/graph/dist/package/dist/launch.mjs");
export const SCRIPTED_BROWSER = `${process.execPath} ${join(REPO_ROOT, "packages/emulator/dist/browser-cli.js")}`;

export interface HostedServer {
  url: string;
  stderr(): string;
  stop(): Promise<void>;
}

/** A loopback port nothing listens on (bound, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startHostedGraph(env: NodeJS.ProcessEnv, port: number): Promise<HostedServer> {
  const child: ChildProcess = spawn(process.execPath, [GRAPH_BIN, "--http"], {
    env: { PATH: process.env.PATH, ...env, ENTRA_MCP_HTTP_PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening" line in 30 s:\n${err}`)), 30_000);
    child.stderr?.on("data", (chunk: Buffer) => {
      err += chunk.toString("utf8");
      const match = /"event":"listening","url":"([^"]+)"/.exec(err);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the hosted server exited (${code}) before listening:\n${err}`));
    });
  });
  return {
    url,
    stderr: () => err,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 12_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}
