/**
 * Runs the BUILT `entra-mcp` bin in a child process (async: the emulator lives in this process and
 * must keep answering), with a private HOME / XDG dirs so nothing touches the real user's files.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const CLI = fileURLToPath(new URL("../../dist/package/dist/launch.mjs", import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const homes: string[] = [];

/** A private home for one test file: HOME, XDG_CONFIG_HOME and XDG_CACHE_HOME inside a temp dir. */
export function privateHome(): { home: string; env: Record<string, string> } {
  const home = mkdtempSync(join(tmpdir(), "entra-mcp-provision-test-"));
  homes.push(home);
  return {
    home,
    env: {
      HOME: home,
      XDG_CONFIG_HOME: join(home, ".config"),
      XDG_CACHE_HOME: join(home, ".cache"),
      ENTRA_MCP_CACHE_PLAINTEXT: "true",
      ENTRA_MCP_CACHE_DIR: join(home, "cache"),
    },
  };
}

/** Removes every private home made so far (call from afterAll). */
export function removePrivateHomes(): void {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
}

export function runCli(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH, ...env },
      stdio: "pipe",
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? "");
  });
}

/** Asserts-free helper: the single JSON document on stdout (throws if stdout is anything else). */
export function jsonOf(result: CliResult): Record<string, unknown> {
  return JSON.parse(result.stdout) as Record<string, unknown>;
}
