/** Runs a command asynchronously (the emulator and registry in this process must keep answering). */
import { spawn } from "node:child_process";

export interface CommandResult {
  command: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface RunOptions {
  cwd?: string;
  env: NodeJS.ProcessEnv;
  /** Killed (SIGKILL) after this long (default 5 minutes). */
  timeoutMs?: number;
  input?: string;
}

/** Spawns `file args` without a shell, collects stdout/stderr, never rejects on a non-zero exit. */
export function runCommand(file: string, args: string[], options: RunOptions): Promise<CommandResult> {
  const started = performance.now();
  const command = [file, ...args].join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: options.cwd, env: options.env, stdio: "pipe" });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      stderr += `\n[killed after ${options.timeoutMs ?? 300_000} ms]`;
      child.kill("SIGKILL");
    }, options.timeoutMs ?? 300_000);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`release: could not run ${command}: ${error.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ command, code, signal, stdout, stderr, ms: Math.round(performance.now() - started) });
    });
    // A command that exits without reading its input (claude mcp add, fast) closes the pipe first:
    // the EPIPE is expected and harmless (its exit code and output are what the caller checks).
    child.stdin.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") stderr += `\n[stdin: ${error.message}]`;
    });
    child.stdin.end(options.input ?? "");
  });
}

/** Throws with the command's output unless it exited 0. */
export function expectSuccess(result: CommandResult, what: string): CommandResult {
  if (result.code !== 0) {
    throw new Error(
      `release: ${what} failed (${result.code ?? result.signal}): ${result.command}\n` +
        `--- stdout\n${result.stdout.slice(-6_000)}\n--- stderr\n${result.stderr.slice(-6_000)}`,
    );
  }
  return result;
}
