/** Spawns token-worker.ts as a separate process and collects what it printed. */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const worker = fileURLToPath(new URL("./token-worker.ts", import.meta.url));

export interface WorkerRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the worker with exactly `env` (plus PATH/HOME) and the given scopes. */
export function runWorker(env: NodeJS.ProcessEnv, scopes: string[]): Promise<WorkerRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [worker, ...scopes], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS,
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}
