/**
 * Fresh-process timings for the distribution benchmarks: every sample is a new process, timed from
 * the spawn to the first answer that matters (initialize, tools/list, a tool result, or a line a
 * script prints), and contenders are interleaved run by run so that a noisy machine hits them alike.
 */
import { spawn } from "node:child_process";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { Env } from "./context.js";
import type { ServerCommand } from "./stdio-session.js";

export type { Env };

/** What to do after `initialize`; the time is taken when its answer arrives. */
export type FirstStep =
  | { kind: "initialize" }
  | { kind: "tools/list" }
  | { kind: "tool"; name: string; arguments: Record<string, unknown> };

export interface FreshSample {
  /** spawn -> initialize result */
  initializeMs: number;
  /** spawn -> the answer of `step` (equal to initializeMs for "initialize") */
  ms: number;
  /** For a tool call: its text, so a wrong answer cannot pass for a fast one. */
  text?: string;
}

/** Spawns `server`, initializes, does `step`, closes; all times from just before the spawn. */
export async function freshServer(
  server: ServerCommand & { cwd?: string },
  env: Env,
  step: FirstStep,
): Promise<FreshSample> {
  const started = performance.now();
  const transport = new StdioClientTransport({
    command: server.command,
    args: server.args,
    env,
    ...(server.cwd ? { cwd: server.cwd } : {}),
    stderr: "ignore",
  });
  const client = new Client({ name: "entra-mcp-bench", version: "1.0.0" });
  try {
    await client.connect(transport);
    const initializeMs = performance.now() - started;
    if (step.kind === "initialize") return { initializeMs, ms: initializeMs };
    if (step.kind === "tools/list") {
      await client.listTools();
      return { initializeMs, ms: performance.now() - started };
    }
    const result = await client.callTool({ name: step.name, arguments: step.arguments });
    const ms = performance.now() - started;
    const text = JSON.stringify(result.content);
    if (result.isError) throw new Error(`${server.name} ${step.name} failed: ${text.slice(0, 400)}`);
    return { initializeMs, ms, text };
  } finally {
    await client.close();
  }
}

export interface ScriptSample<T> {
  /** spawn -> the first stdout line */
  ms: number;
  /** that line, parsed as JSON */
  result: T;
}

/**
 * Spawns `command args`, resolves with the first stdout line (JSON) and the time from the spawn to
 * it, then kills the process if it has not exited (with `letExit`, it is given up to 5 s to exit by
 * itself first, e.g. to write a --cpu-prof profile). Rejects on exit without a line, or after `timeoutMs`.
 */
export function freshScript<T>(
  command: string,
  args: string[],
  env: Env,
  cwd?: string,
  timeoutMs = 60_000,
  letExit = false,
): Promise<ScriptSample<T>> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let done = false;
    const finish = (error: Error | undefined, sample?: ScriptSample<T>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const running = child.exitCode === null && child.signalCode === null;
      if (running && letExit && !error) {
        const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
        child.once("exit", () => {
          clearTimeout(kill);
          resolve(sample as ScriptSample<T>);
        });
        return;
      }
      if (running) child.kill("SIGKILL");
      if (error) reject(error);
      else resolve(sample as ScriptSample<T>);
    };
    const timer = setTimeout(
      () => finish(new Error(`${command} ${args.join(" ")}: no answer in ${timeoutMs} ms\n${stderr}`)),
      timeoutMs,
    );
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      stdout += chunk;
      const newline = stdout.indexOf("\n");
      if (newline < 0) return;
      const ms = performance.now() - started;
      try {
        finish(undefined, { ms, result: JSON.parse(stdout.slice(0, newline)) as T });
      } catch (error) {
        finish(error as Error);
      }
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      if (stderr.length < 20_000) stderr += chunk;
    });
    child.on("error", (error) => finish(error));
    child.on("exit", (code, signal) =>
      finish(
        new Error(`${command} ${args.join(" ")} exited (${code ?? signal}) before answering\n${stderr}`),
      ),
    );
  });
}

/**
 * Runs every contender once per round, for `rounds` rounds, rotating which one goes first so that
 * neither always follows the other (page cache, CPU frequency). A first, unrecorded round (`warmup`)
 * fills Node's compile cache, the page cache and the emulator's own caches (it encodes a PKCS#12 secret
 * once per certificate version). Returns the samples per contender.
 */
export async function interleave<K extends string, S>(
  rounds: number,
  contenders: Record<K, () => Promise<S>>,
  warmup = 1,
): Promise<Record<K, S[]>> {
  const keys = Object.keys(contenders) as K[];
  for (let round = 0; round < warmup; round++) for (const key of keys) await contenders[key]();
  const samples = Object.fromEntries(keys.map((key) => [key, [] as S[]])) as Record<K, S[]>;
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[(round + i) % keys.length] as K;
      samples[key].push(await contenders[key]());
    }
  }
  return samples;
}
