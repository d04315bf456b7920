/**
 * SIGTERM in hosted mode: the request in flight is answered (its downstream call is slow, injected
 * in the emulator) and the process then exits 0; a request that would outlast the 10 s drain is cut
 * off and the process still exits. Inbound auth is off here (loopback) so the tool call runs with
 * the server's app-only identity; http-auth.test.ts covers the signed-in path.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rpc, startHttpServer } from "../support/http-server.js";
import { startTestEmulator, type TestEmulator } from "../support/test-emulator.js";

const LIST_USERS = { id: 3, method: "tools/call", params: { name: "list_users", arguments: { top: 1 } } };

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t?.emulator.stop());

const serverEnv = () =>
  t.env({
    ENTRA_MCP_HTTP_PORT: "0",
    ENTRA_MCP_HTTP_AUTH: "off-for-local-development",
    ENTRA_MCP_AUTH_MODE: "app",
  });

/**
 * The emulator logs a request when it is answered, so "the Graph call has started" is seen as the
 * server's own token request (which comes right before it) plus a margin.
 */
async function graphCallStarted(): Promise<void> {
  const tokenRequested = () =>
    t.emulator.requests(
      (e) => e.origin === "login" && e.clientId === t.emulator.tenant.clientId && e.status === 200,
    ).length > 0;
  for (let i = 0; i < 200 && !tokenRequested(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  expect(tokenRequested()).toBe(true);
  await new Promise((resolve) => setTimeout(resolve, 300));
}

describe("SIGTERM", () => {
  it("answers the request in flight, refuses new ones, then exits 0", async () => {
    const server = await startHttpServer(serverEnv());
    t.emulator.clearRequests();
    t.emulator.inject({ origin: "graph", path: "/v1.0/users", delayMs: 2000 });
    const inFlight = rpc(server.url, LIST_USERS).then((response) => ({ response, at: Date.now() }));
    await graphCallStarted();
    const sigtermAt = Date.now();
    server.child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 200));
    const late = await rpc(server.url, { id: 4, method: "ping" }).then(
      (response) => response.status,
      () => "refused",
    );
    expect(late).toBe("refused");
    const { response, at } = await inFlight;
    expect(response.status).toBe(200);
    // It was answered well after SIGTERM: the drain waited for it.
    expect(at - sigtermAt).toBeGreaterThan(1000);
    const body = (await response.json()) as {
      result: { isError?: boolean; structuredContent: { value: unknown[] } };
    };
    expect(body.result.isError).toBeFalsy();
    expect(body.result.structuredContent.value.length).toBe(1);
    expect(await server.exited).toBe(0);
    // Not held by the client's idle keep-alive socket (Node keeps one 5 s): the answer closed it.
    expect(Date.now() - at).toBeLessThan(3000);
  });

  it("stops waiting after 10 s: a longer request is cut off and the process exits", async () => {
    const server = await startHttpServer(serverEnv());
    t.emulator.clearRequests();
    t.emulator.inject({ origin: "graph", path: "/v1.0/users", delayMs: 40_000 });
    const inFlight = rpc(server.url, LIST_USERS).then(
      (response) => response.status,
      () => "cut off",
    );
    await graphCallStarted();
    server.child.kill("SIGTERM");
    const exit = await Promise.race([
      server.exited,
      new Promise((resolve) => setTimeout(() => resolve("still running"), 25_000)),
    ]);
    expect(exit).toBe(0);
    expect(await inFlight).toBe("cut off");
    const warning = server.logs().find((line) => String(line.message).includes("still running after 10 s"));
    expect(warning?.message).toContain("1 request(s) still running");
    t.emulator.clearFaults();
  }, 40_000);
});
