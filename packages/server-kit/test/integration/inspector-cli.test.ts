/**
 * The MCP Inspector's CLI as a second, independent client of the server as its bin runs it (stdio,
 * types stripped): both renderings of a result reach it intact — compact JSON text for a tool without
 * an output schema, structuredContent plus the short text for one with.
 */
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "../support/test-emulator.js";

const run = promisify(execFile);
const inspectorRoot = dirname(
  createRequire(import.meta.url).resolve("@modelcontextprotocol/inspector/package.json"),
);
const INSPECTOR = join(inspectorRoot, "clients/launcher/build/index.js");
const FIXTURE = fileURLToPath(new URL("../fixtures/stdio-server.ts", import.meta.url));

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(async () => {
  await t?.emulator.stop();
});

/** Runs one `--cli` call; the Inspector prints the result as JSON on stdout. */
async function inspect(args: string[]): Promise<CallToolResult> {
  const env = t.env();
  const serverEnv = Object.entries(env)
    .filter(
      ([name, value]) =>
        value !== undefined && /^(ENTRA_MCP_|AZURE_|NODE_EXTRA_CA_CERTS$|HOME$|XDG_)/.test(name),
    )
    .flatMap(([name, value]) => ["-e", `${name}=${value}`]);
  const { stdout } = await run(
    process.execPath,
    [INSPECTOR, "--cli", ...serverEnv, process.execPath, FIXTURE, ...args],
    { env: { ...process.env, HOME: t.home }, maxBuffer: 8 * 1024 * 1024, timeout: 60_000 },
  );
  return JSON.parse(stdout) as CallToolResult;
}

describe("the MCP Inspector CLI as a client", () => {
  it("a tool without an output schema: its one text is the data as compact JSON", async () => {
    const result = await inspect([
      "--method",
      "tools/call",
      "--tool-name",
      "request",
      "--tool-arg",
      "path=/organization",
    ]);
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toBeUndefined();
    const part = result.content[0];
    expect(part?.type).toBe("text");
    const data = JSON.parse(part?.type === "text" ? part.text : "") as { value: { displayName: string }[] };
    expect(data.value[0]?.displayName).toEqual(expect.any(String));
  }, 90_000);

  it("a tool with an output schema: structuredContent and a text that says what it holds", async () => {
    const result = await inspect([
      "--method",
      "tools/call",
      "--tool-name",
      "list_users",
      "--tool-arg",
      "top=3",
    ]);
    expect(result.isError).toBeFalsy();
    const value = (result.structuredContent as { value: unknown[] }).value;
    expect(value).toHaveLength(3);
    const part = result.content[0];
    expect(part?.type === "text" ? part.text : "").toContain("structuredContent holds {value: 3 items");
  }, 90_000);
});
