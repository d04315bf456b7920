/**
 * The MCP project's own conformance suite (@modelcontextprotocol/conformance) against hosted mode,
 * with inbound auth off by the explicit development setting (the suite brings no Entra token). The
 * scenarios are those that apply to any server of ours; the tools-call-* ones need the suite's own
 * fixture tools (test_simple_text, …) and do not apply.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpServerProcess, startHttpServer } from "../support/http-server.js";

const require = createRequire(import.meta.url);
const conformance = join(
  dirname(require.resolve("@modelcontextprotocol/conformance/package.json")),
  "dist/index.js",
);

const SCENARIOS = [
  "server-initialize",
  "ping",
  "tools-list",
  "logging-set-level",
  "dns-rebinding-protection",
];

let server: HttpServerProcess;
beforeAll(async () => {
  server = await startHttpServer({
    PATH: process.env.PATH,
    ENTRA_MCP_HTTP_AUTH: "off-for-local-development",
    ENTRA_MCP_HTTP_PORT: "0",
  });
});
afterAll(() => server.stop());

function runScenario(scenario: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    // process.execPath: the suite needs Node >= 22 (fs.globSync), whatever `node` is on PATH.
    const child = spawn(
      process.execPath,
      [conformance, "server", "--url", server.url, "--scenario", scenario],
      {
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
      },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.once("exit", (code) => resolve({ code, output }));
  });
}

describe("MCP conformance (server scenarios) over Streamable HTTP", () => {
  for (const scenario of SCENARIOS) {
    it(scenario, async () => {
      const { code, output } = await runScenario(scenario);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the suite's ANSI colours
      const plain = output.replace(/\u001b\[[0-9;]*m/g, "");
      const passed = /Passed: (\d+)\/(\d+), (\d+) failed/.exec(plain);
      expect(passed, plain).not.toBeNull();
      expect(Number(passed?.[1]), plain).toBeGreaterThan(0);
      expect(passed?.[1], plain).toBe(passed?.[2]);
      expect(passed?.[3], plain).toBe("0");
      expect(code, plain).toBe(0);
    }, 60_000);
  }
});
