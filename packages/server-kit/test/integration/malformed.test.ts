/** Bad input never crashes the server: every case is an isError result, and the next call works. */
import { CallToolResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Connected, connect } from "../support/connect.js";
import { startTestEmulator, type TestEmulator } from "../support/test-emulator.js";

let t: TestEmulator;
let session: Connected;

beforeAll(async () => {
  t = await startTestEmulator();
  session = await connect(t.env({ ENTRA_MCP_ALLOW_WRITES: "true" }));
});
afterAll(async () => {
  await session?.close();
  await t?.emulator.stop();
});
afterEach(async () => {
  // Still alive and working after every bad call.
  const ok = await session.call("get_organization");
  expect(ok.isError, ok.text).toBeFalsy();
});

describe("malformed calls", () => {
  it("wrong argument types", async () => {
    const result = await session.call("list_users", { top: "ten" });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/Input validation error: Invalid arguments for tool list_users: .*top/);
  });

  it("missing required arguments", async () => {
    const result = await session.call("get_user", {});
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/Input validation error.*userId/);
  });

  it("unknown tool", async () => {
    const result = await session.call("drop_database", {});
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/Tool drop_database not found/);
  });

  it("an unknown request method and header", async () => {
    const method = await session.call("request", { method: "TRACE", path: "/users" });
    expect(method.isError).toBe(true);
    const header = await session.call("request", {
      path: "/users",
      headers: { "X-Forwarded-Host": "evil.example" },
    });
    expect(header.isError).toBe(true);
    expect(header.text).toMatch(/Input validation error/);
  });

  it("huge strings: path, a bounded argument, an unbounded argument, a body", async () => {
    const path = await session.call("request", { path: `/users/${"a".repeat(1_000_000)}` });
    expect(path.isError).toBe(true);
    expect(path.text).toMatch(/Too big: expected string to have <=2048 characters/);
    const bounded = await session.call("get_user", { userId: "x".repeat(100_000) });
    expect(bounded.isError).toBe(true);
    const unbounded = await session.call("get_organization", { select: "x".repeat(40_000) });
    expect(unbounded.isError).toBe(true);
    expect(unbounded.text).toBe(
      'get_organization: argument "select" is 40000 characters; the limit is 32768.',
    );
    const body = await session.call("request", {
      method: "POST",
      path: "/users",
      body: { blob: "x".repeat(150_000) },
    });
    expect(body.isError).toBe(true);
    expect(body.text).toMatch(/the body is larger than 100 KB/);
    expect(t.emulator.requests({ origin: "graph", method: "POST" })).toEqual([]);
  });

  it("too many elements", async () => {
    const query = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, "v"]));
    const result = await session.call("request", { path: "/users", query });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/more than the maximum of 2000 elements/);
  });

  it("arguments that are not an object", async () => {
    const reply = await session.client
      .request(
        { method: "tools/call", params: { name: "list_users", arguments: "oops" as never } },
        CallToolResultSchema,
      )
      .then(
        (result) => result,
        (error: Error) => ({ isError: true, content: [{ type: "text", text: error.message }] }),
      );
    expect(reply.isError).toBe(true);
  });
});
