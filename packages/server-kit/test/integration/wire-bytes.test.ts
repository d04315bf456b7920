/**
 * Bytes on the wire: a result carries its data once (structuredContent with a short text for tools with
 * an output schema, compact JSON text for tools without), so the JSON-RPC message is at most 1.2x the
 * data, and the byte budget bounds the message as sent, not the data before rendering.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Connected, connect, dataOf } from "../support/connect.js";
import { startTestEmulator, type TestEmulator } from "../support/test-emulator.js";

let t: TestEmulator;
let session: Connected | undefined;

beforeAll(async () => {
  t = await startTestEmulator();
  for (let i = 0; i < 60; i++) {
    t.emulator.directory.addUser({ upn: `wire${i}@contoso.example`, displayName: `Wire User ${i}` });
  }
});
afterAll(async () => {
  await t?.emulator.stop();
});
afterEach(async () => {
  await session?.close();
  session = undefined;
});

/** The JSON-RPC response line the server writes for `result` (stdio adds only the newline). */
const wireBytes = (result: CallToolResult) =>
  Buffer.byteLength(JSON.stringify({ result, jsonrpc: "2.0", id: 1 }), "utf8");
const dataBytes = (result: CallToolResult) => Buffer.byteLength(JSON.stringify(dataOf(result)), "utf8");

// A small result pays a fixed cost: the JSON-RPC envelope ({"result":{"content":[{"type":"text",...)
// and, beside structuredContent, the short text naming its members (at most 12).
const FIXED_COST = 300;

describe("bytes on the wire", () => {
  it.each([
    ["a list, with an output schema", "list_users", { top: 50 }],
    ["a list through request (no output schema)", "request", { path: "/users", query: { $top: 50 } }],
  ] as const)("%s: the message is at most 1.2x its data", async (_what, tool, args) => {
    session = await connect(t.env());
    const result = await session.call(tool, args);
    expect(result.isError, result.text).toBeFalsy();
    const { text: _joined, ...sent } = result;
    expect(dataBytes(sent)).toBeGreaterThan(4096);
    expect(wireBytes(sent) / dataBytes(sent)).toBeLessThanOrEqual(1.2);
  });

  it.each([
    ["with an output schema", "get_user", { userId: "Adele Vance" }],
    ["through request", "request", { path: "/organization" }],
  ] as const)("one small object %s: the data once plus a fixed cost", async (_what, tool, args) => {
    session = await connect(t.env());
    const result = await session.call(tool, args);
    expect(result.isError, result.text).toBeFalsy();
    const { text: _joined, ...sent } = result;
    expect(wireBytes(sent) - dataBytes(sent)).toBeLessThanOrEqual(FIXED_COST);
  });

  it.each([
    ["list_users", {}],
    ["request", { path: "/users" }],
  ] as const)("%s: the budget bounds the message as sent, cursor and note included", async (tool, args) => {
    session = await connect(t.env({ ENTRA_MCP_MAX_RESULT_BYTES: "8192" }));
    const result = await session.call(tool, args);
    expect(result.isError, result.text).toBeFalsy();
    const { text: _joined, ...sent } = result;
    const data = dataOf(sent) as { value: unknown[]; note?: string; nextCursor?: string };
    expect(data.note).toMatch(/cut to fit the 8 KB result budget/);
    expect(data.nextCursor).toBeTruthy();
    expect(wireBytes(sent)).toBeLessThanOrEqual(8192);
  });

  it("the text of a text-only result is the data itself", async () => {
    session = await connect(t.env({ ENTRA_MCP_MAX_RESULT_BYTES: "8192" }));
    const result = await session.call("request", { path: "/users" });
    expect(result.structuredContent).toBeUndefined();
    const data = JSON.parse(result.text) as Record<string, unknown>;
    expect(Object.keys(data).slice(0, 3)).toEqual(["note", "nextCursor", "value"]);
  });

  it("text-only clients still learn what a structured result holds and how to continue", async () => {
    session = await connect(t.env({ ENTRA_MCP_MAX_RESULT_BYTES: "8192" }));
    const result = await session.call("list_users", {});
    const data = dataOf(result) as { value: unknown[]; nextCursor: string };
    expect(result.text).toContain(`nextCursor: ${data.nextCursor}`);
    expect(result.text).toMatch(new RegExp(`Returned ${data.value.length} items`));
    expect(result.text).toContain(`structuredContent holds {value: ${data.value.length} items}.`);
  });
});
