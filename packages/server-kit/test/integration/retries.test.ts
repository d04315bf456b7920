/** Throttling and transient failures against the emulator's fault injection. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Connected, connect } from "../support/connect.js";
import { startTestEmulator, type TestEmulator } from "../support/test-emulator.js";

let t: TestEmulator;
let session: Connected | undefined;
const USERS = /^\/v1\.0\/users/;

beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(async () => {
  await t?.emulator.stop();
});
afterEach(async () => {
  await session?.close();
  session = undefined;
  t.emulator.clearFaults();
  t.emulator.clearRequests();
});

async function warm(env: NodeJS.ProcessEnv): Promise<Connected> {
  const connected = await connect(env);
  // First call pays for the token; the tests below look only at Graph traffic after it.
  expect((await connected.call("get_organization")).isError).toBeFalsy();
  t.emulator.clearRequests();
  return connected;
}

describe("retries", () => {
  it("honours Retry-After on 429, then succeeds", async () => {
    session = await warm(t.env());
    t.emulator.inject({ origin: "graph", path: USERS, status: 429, retryAfter: 1, count: 1 });
    const started = Date.now();
    const result = await session.call("list_users");
    expect(result.isError).toBeFalsy();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(t.emulator.requests({ origin: "graph" }).map((r) => [r.status, r.fault ?? false])).toEqual([
      [429, true],
      [200, false],
    ]);
  });

  it("honours Retry-After given as an HTTP date", async () => {
    session = await warm(t.env());
    const at = new Date(Date.now() + 2000);
    t.emulator.inject({ origin: "graph", path: USERS, status: 503, retryAfter: at.toUTCString(), count: 1 });
    const result = await session.call("list_users");
    expect(result.isError).toBeFalsy();
    const [throttled, ok] = t.emulator.requests({ origin: "graph" });
    expect(throttled?.status).toBe(503);
    // HTTP dates have whole seconds: the retry comes no earlier than that second.
    expect(Date.parse(ok?.time ?? "")).toBeGreaterThanOrEqual(Math.floor(at.getTime() / 1000) * 1000 - 50);
  });

  it("retries an idempotent GET on 503 without Retry-After (backoff)", async () => {
    session = await warm(t.env());
    t.emulator.inject({ origin: "graph", path: USERS, status: 503, count: 1 });
    const result = await session.call("list_users");
    expect(result.isError).toBeFalsy();
    expect(t.emulator.requests({ origin: "graph" }).map((r) => r.status)).toEqual([503, 200]);
  });

  it("gives up after the attempt limit with the API's error and the retry time", async () => {
    session = await warm(t.env({ ENTRA_MCP_HTTP_MAX_ATTEMPTS: "2" }));
    t.emulator.inject({ origin: "graph", path: USERS, status: 429, retryAfter: 1, count: 5 });
    const result = await session.call("list_users");
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(
      /Microsoft Graph answered HTTP 429 TooManyRequests: Rate limit is exceeded\. Try again in 1 seconds\. Gave up after 2 attempts \(waited 1 s\)\. The API asks to retry after 1 s \(at \d{4}-\d\d-\d\dT[\d:.]+Z\)\. Fix: try again after /,
    );
    expect(result._meta?.["entra-mcp/error"]).toMatchObject({
      code: "TooManyRequests",
      retryAfterSeconds: 1,
    });
    expect(t.emulator.requests({ origin: "graph" })).toHaveLength(2);
  });

  it("never replays a non-idempotent POST after a 503", async () => {
    session = await warm(t.env({ ENTRA_MCP_ALLOW_WRITES: "true" }));
    t.emulator.inject({ origin: "graph", method: "POST", path: USERS, status: 503, count: 3 });
    const result = await session.call("create_user", {
      displayName: "New",
      userPrincipalName: "new@contoso.example",
    });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(
      /HTTP 503 ServiceUnavailable.*Not retried: POST is not idempotent and may have been applied/,
    );
    expect(t.emulator.requests({ origin: "graph", method: "POST" })).toHaveLength(1);
  });

  it("never re-sends a POST throttled with 429: says so and when to try again", async () => {
    // A service can answer 429 after it has acted (a probe got two identical mails from one send_mail).
    session = await warm(t.env({ ENTRA_MCP_ALLOW_WRITES: "true" }));
    t.emulator.inject({ origin: "graph", method: "POST", path: USERS, status: 429, retryAfter: 1, count: 1 });
    const result = await session.call("create_user", {
      displayName: "New",
      userPrincipalName: "new@contoso.example",
    });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(
      /HTTP 429 TooManyRequests.*The call was throttled and not retried: POST is not idempotent, and a service can answer 429 after it has acted\. The API asks to retry after 1 s \(at (\S+Z)\)\. Fix: check whether it took effect; if not, try again after \1\./,
    );
    expect(result._meta?.["entra-mcp/error"]).toMatchObject({ retryAfterSeconds: 1 });
    const posts = t.emulator.requests({ origin: "graph", method: "POST" });
    expect(posts).toHaveLength(1);
    expect(posts[0]?.fault).toBe(true);
  });

  it("shares a host's Retry-After with other calls to that host", async () => {
    session = await warm(t.env());
    t.emulator.inject({ origin: "graph", path: USERS, status: 429, retryAfter: 2, count: 1 });
    const first = session.call("list_users");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = session.call("get_organization");
    expect((await first).isError).toBeFalsy();
    expect((await second).isError).toBeFalsy();
    const log = t.emulator.requests({ origin: "graph" });
    const throttledAt = Date.parse(log.find((r) => r.status === 429)?.time ?? "");
    const organizationAt = Date.parse(log.find((r) => r.path.includes("organization"))?.time ?? "");
    expect(organizationAt - throttledAt).toBeGreaterThanOrEqual(1900);
  });

  it("times out a hung request, retries a GET once more, and reports a timeout when out of attempts", async () => {
    session = await warm(t.env({ ENTRA_MCP_HTTP_TIMEOUT_SECONDS: "1" }));
    t.emulator.inject({ origin: "graph", path: USERS, delayMs: 3000, count: 1 });
    const retried = await session.call("list_users");
    expect(retried.isError, retried.text).toBeFalsy();
    await session.close();
    session = await warm(t.env({ ENTRA_MCP_HTTP_TIMEOUT_SECONDS: "1", ENTRA_MCP_HTTP_MAX_ATTEMPTS: "1" }));
    t.emulator.inject({ origin: "graph", path: USERS, delayMs: 3000, count: 1 });
    const started = Date.now();
    const failed = await session.call("list_users");
    expect(Date.now() - started).toBeLessThan(2500);
    expect(failed.isError).toBe(true);
    expect(failed.text).toMatch(/^list_users: GET https:\/\/127\.0\.0\.1:\d+\/v1\.0\/users timed out\.$/);
  });

  // Last: it leaves the emulator's Graph origin marked busy for this process.
  it("fails fast when Retry-After exceeds the wait budget, with the time to retry", async () => {
    session = await warm(t.env({ ENTRA_MCP_HTTP_MAX_WAIT_SECONDS: "2" }));
    t.emulator.inject({ origin: "graph", path: USERS, status: 429, retryAfter: 30, count: 1 });
    const started = Date.now();
    const result = await session.call("list_users");
    expect(Date.now() - started).toBeLessThan(1500);
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(
      /The API asks to retry after 30 s \(at .*Z\)\. That is longer than this server waits per call\./,
    );
    // Every other call to that host now waits its turn instead of hammering it.
    const next = await session.call("get_organization");
    expect(next.isError).toBe(true);
    expect(next.text).toMatch(/asked this server to wait until .*Z \(\d+ s\)/);
    expect(t.emulator.requests({ origin: "graph" })).toHaveLength(1);
  });
});
