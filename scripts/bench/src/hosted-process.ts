/**
 * One hosted-mode server process (`<bin> --http`) for the bench: resolves once it logs "listening".
 * From then on its stderr (the request log, a JSON line per request) is drained unread, as a log
 * collector would take it: the bench process is also the MCP client and the emulator, and scanning
 * a log string that grows with every request put that cost on every timed call.
 */
import { type ChildProcess, spawn } from "node:child_process";

export interface HostedProcess {
  child: ChildProcess;
  url: string;
  /** spawn -> the "listening" log line */
  listeningMs: number;
}

export function startHosted(bin: string, env: Record<string, string>): Promise<HostedProcess> {
  const begin = performance.now();
  const child = spawn(process.execPath, [bin, "--http"], { env, stdio: ["ignore", "ignore", "pipe"] });
  let startUp = "";
  return new Promise((resolve, reject) => {
    const read = (chunk: Buffer) => {
      startUp += chunk.toString("utf8");
      const match = /"event":"listening","url":"([^"]+)"/.exec(startUp);
      if (!match?.[1]) return;
      child.stderr?.off("data", read);
      child.stderr?.resume();
      resolve({ child, url: match[1], listeningMs: performance.now() - begin });
    };
    child.stderr?.on("data", read);
    child.once("exit", (code) => reject(new Error(`${bin} --http exited ${code}: ${startUp.slice(0, 500)}`)));
  });
}
