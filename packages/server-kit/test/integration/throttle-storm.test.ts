/**
 * A throttling storm meets a few requests, not every call: 30 concurrent calls into a 3-second 429
 * storm (every Graph request answered 429 + Retry-After: 3 until it ends) send at most the per-origin
 * concurrency cap into the storm, all waiting out the same Retry-After, and all succeed after it.
 */
import type { RequestLogEntry } from "@entra-mcp/emulator";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Connected, connect } from "../support/connect.js";
import { startTestEmulator, type TestEmulator } from "../support/test-emulator.js";

let t: TestEmulator;
let session: Connected | undefined;

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

/** Most requests in flight at one moment, from arrival times and durations in the emulator's log. */
function maxInFlight(entries: RequestLogEntry[]): number {
  const edges = entries.flatMap((e) => {
    const start = Date.parse(e.time);
    return [
      [start, 1],
      [start + e.durationMs, -1],
    ] as const;
  });
  // Ends before starts at the same millisecond: back-to-back requests do not overlap.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let max = 0;
  for (const [, step] of edges) {
    current += step;
    max = Math.max(max, current);
  }
  return max;
}

async function storm(env: NodeJS.ProcessEnv, calls: number) {
  session = await connect(env);
  {
    const w = await session.call("get_organization");
    expect(w.isError, w.text).toBeFalsy();
  }
  t.emulator.clearRequests();
  // Each storm answer takes 200 ms, so requests that overlap in time show as in flight together.
  t.emulator.inject({ origin: "graph", status: 429, retryAfter: 3, delayMs: 200, count: 100_000 });
  const stormEnds = setTimeout(() => t.emulator.clearFaults(), 3000);
  try {
    const results = await Promise.all(
      Array.from({ length: calls }, () => (session as Connected).call("get_organization")),
    );
    return { results, log: t.emulator.requests({ origin: "graph" }) };
  } finally {
    clearTimeout(stormEnds);
  }
}

describe("throttling storms", () => {
  it("30 concurrent calls send at most the default cap (4) into a 3 s storm, then all succeed", async () => {
    const { results, log } = await storm(t.env(), 30);
    expect(results.filter((r) => r.isError).map((r) => r.text)).toEqual([]);
    const throttled = log.filter((r) => r.fault);
    expect(throttled.length).toBeGreaterThan(0);
    expect(throttled.length).toBeLessThanOrEqual(4);
    expect(maxInFlight(log)).toBeLessThanOrEqual(4);
    // Nothing went back into the storm before its Retry-After was up.
    const firstThrottled = Math.min(...throttled.map((r) => Date.parse(r.time)));
    const retries = log.filter((r) => !r.fault);
    expect(retries).toHaveLength(30);
    for (const r of retries) expect(Date.parse(r.time) - firstThrottled).toBeGreaterThanOrEqual(2900);
  });

  it("ENTRA_MCP_HTTP_MAX_CONCURRENCY sets the cap", async () => {
    const { results, log } = await storm(t.env({ ENTRA_MCP_HTTP_MAX_CONCURRENCY: "2" }), 10);
    expect(results.every((r) => !r.isError)).toBe(true);
    expect(log.filter((r) => r.fault).length).toBeLessThanOrEqual(2);
    expect(maxInFlight(log)).toBeLessThanOrEqual(2);
  });
});
