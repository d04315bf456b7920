/**
 * The stdio transport's edges, over real stdio against the server as its bin runs it: a message over
 * the line limit gets a JSON-RPC error (or, without an id, a log line) and the server keeps serving;
 * params of the wrong type get -32602 (invalid params), not -32603 (internal error).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CallToolResultSchema,
  EmptyResultSchema,
  ErrorCode,
  ListToolsResultSchema,
  McpError,
} from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nonJsonRpcLines, type SpawnedServer, spawnServer } from "../support/spawn-server.js";

const MIB = 1024 * 1024;
// Without an answer the SDK client would wait 60 s; a lost reply should fail the test sooner.
const REPLY_TIMEOUT = { timeout: 20_000 };

let server: SpawnedServer;
/** One server per group, so that a group's failure cannot hide behind the other's. */
function serverPerGroup(): void {
  beforeAll(async () => {
    const home = mkdtempSync(join(tmpdir(), "server-kit-stdio-limits-"));
    server = await spawnServer({ HOME: home, XDG_CONFIG_HOME: home, PATH: process.env.PATH ?? "" });
  });
  afterAll(async () => {
    await server?.close();
    expect(nonJsonRpcLines(server.stdout())).toEqual([]);
  });
}

/** A tools/call whose one argument is `bytes` long: the request tool refuses it (query values <= 4 KB). */
function callWithArgumentOf(bytes: number) {
  return server.client.request(
    {
      method: "tools/call",
      params: { name: "request", arguments: { path: "/users", query: { q: "x".repeat(bytes) } } },
    },
    CallToolResultSchema,
    REPLY_TIMEOUT,
  );
}

async function rejection(promise: Promise<unknown>): Promise<McpError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(McpError);
  return error as McpError;
}

describe("oversized stdio messages", () => {
  serverPerGroup();
  it("a 9 MB message is read and answered", async () => {
    const result = await callWithArgumentOf(9 * MIB);
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toMatch(/Input validation error/);
  }, 60_000);

  it("a 10 MB request gets a JSON-RPC error, and the server keeps answering", async () => {
    const error = await rejection(callWithArgumentOf(10 * MIB + 100));
    expect(error.code).toBe(ErrorCode.InvalidRequest);
    expect(error.message).toMatch(/is larger than the 10 MB limit of this server's stdio transport/);
    await expect(server.client.ping(REPLY_TIMEOUT)).resolves.toEqual({});
    const { tools } = await server.client.listTools(undefined, REPLY_TIMEOUT);
    expect(tools.map((tool) => tool.name)).toContain("request");
    expect(server.stderr()).toMatch(/dropped a stdio message of 10\.\d MB/);
  }, 60_000);

  it("an oversized notification (no id to answer) is dropped with a log line", async () => {
    const before = server.stderr().length;
    server.child.stdin.write(
      `${JSON.stringify({ jsonrpc: "2.0", method: "notifications/x", params: { blob: "y".repeat(11 * MIB) } })}\n`,
    );
    await expect(server.client.ping(REPLY_TIMEOUT)).resolves.toEqual({});
    expect(server.stderr().slice(before)).toMatch(/dropped a stdio message of 11\.\d MB .*no id/);
  }, 60_000);
});

describe("params of the wrong type", () => {
  serverPerGroup();
  it("tools/call with an array as arguments gets -32602", async () => {
    const error = await rejection(
      server.client.request(
        { method: "tools/call", params: { name: "list_users", arguments: [1, 2] as never } },
        CallToolResultSchema,
        REPLY_TIMEOUT,
      ),
    );
    expect(error.code).toBe(ErrorCode.InvalidParams);
    expect(error.message).toMatch(/arguments/);
  });

  it("a request whose params is an array gets -32602", async () => {
    const list = await rejection(
      server.client.request(
        { method: "tools/list", params: [] as never },
        ListToolsResultSchema,
        REPLY_TIMEOUT,
      ),
    );
    expect(list.code).toBe(ErrorCode.InvalidParams);
    const ping = await rejection(
      server.client.request({ method: "ping", params: ["x"] as never }, EmptyResultSchema, REPLY_TIMEOUT),
    );
    expect(ping.code).toBe(ErrorCode.InvalidParams);
    await expect(server.client.ping(REPLY_TIMEOUT)).resolves.toEqual({});
  });
});
