/**
 * Hosted mode answers in JSON, and streams (SSE) only a tools/call that asked for progress with a
 * progressToken: then the progress notifications of paging come first and the result last, on the
 * same response. Against the emulator, inbound auth off (loopback), app-only.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpServerProcess, rpc, startHttpServer } from "../support/http-server.js";
import { startTestEmulator, type TestEmulator } from "../support/test-emulator.js";

let t: TestEmulator;
let server: HttpServerProcess;
beforeAll(async () => {
  t = await startTestEmulator();
  server = await startHttpServer(
    t.env({
      ENTRA_MCP_HTTP_PORT: "0",
      ENTRA_MCP_HTTP_AUTH: "off-for-local-development",
      ENTRA_MCP_AUTH_MODE: "app",
    }),
  );
});
afterAll(async () => {
  await server?.stop();
  await t?.emulator.stop();
});

const listUsers = (meta?: Record<string, unknown>) => ({
  id: 5,
  method: "tools/call",
  params: { name: "list_users", arguments: { pageSize: 1, top: 3 }, ...(meta ? { _meta: meta } : {}) },
});

describe("response format", () => {
  it("a tools/call without a progressToken is one JSON response", async () => {
    const response = await rpc(server.url, listUsers());
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    const body = (await response.json()) as {
      id: number;
      result: { structuredContent: { value: unknown[] } };
    };
    expect(body.id).toBe(5);
    expect(body.result.structuredContent.value.length).toBe(3);
  });

  it("with a progressToken it streams: progress notifications while paging, then the result", async () => {
    const response = await rpc(server.url, listUsers({ progressToken: "p-1" }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const events = (await response.text())
      .split("\n")
      .filter((line) => line.startsWith("data: "))
      .map(
        (line) =>
          JSON.parse(line.slice(6)) as { method?: string; id?: number; params?: { progressToken?: string } },
      );
    const progress = events.filter((event) => event.method === "notifications/progress");
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((event) => event.params?.progressToken === "p-1")).toBe(true);
    const last = events.at(-1) as { id?: number; result?: { structuredContent: { value: unknown[] } } };
    expect(last.id).toBe(5);
    expect(last.result?.structuredContent.value.length).toBe(3);
  });
});
