/**
 * The poll interval of a long-running operation has a floor: a poll answer with Retry-After 0, none,
 * or one that does not parse is polled after 1 s, then 1.5 s, 2.25 s ... (up to 10 s), not in a loop
 * (a probe saw 7,555 polls in 5 s). A usable Retry-After is still honoured.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Connected, connect } from "../support/connect.js";
import { json, startHttpsServer, type TestHttpsServer } from "../support/https-server.js";
import { startTestEmulator, type TestEmulator } from "../support/test-emulator.js";

let t: TestEmulator;
let jobs: TestHttpsServer;
let session: Connected | undefined;
/** Arrival times of polls, per job. */
const polls = new Map<string, number[]>();
const started = new Map<string, number>();

// jobId -> the Retry-After header its answers carry (undefined: none).
const RETRY_AFTER: Record<string, string | undefined> = {
  zero: "0",
  none: undefined,
  garbage: "soon",
  honoured: "0.3",
};

beforeAll(async () => {
  t = await startTestEmulator();
  jobs = await startHttpsServer((req, res) => {
    const path = req.url ?? "";
    const run = /^\/v1\/jobs\/([^/]+)\/run$/.exec(path)?.[1];
    const headers = (job: string): Record<string, string> => {
      const value = RETRY_AFTER[job];
      return value === undefined ? {} : { "retry-after": value };
    };
    if (req.method === "POST" && run) {
      started.set(run, Date.now());
      res.writeHead(202, { location: `${jobs.url}/v1/jobs/${run}/instances/1`, ...headers(run) }).end();
      return;
    }
    const polled = /^\/v1\/jobs\/([^/]+)\/instances\/1$/.exec(path)?.[1];
    if (polled) {
      polls.set(polled, [...(polls.get(polled) ?? []), Date.now()]);
      return json(res, 200, { id: "1", status: "InProgress" }, headers(polled));
    }
    json(res, 404, { errorCode: "EntityNotFound", message: "not found" });
  });
});
afterAll(async () => {
  await Promise.all([t?.emulator.stop(), jobs?.close()]);
});
afterEach(async () => {
  await session?.close();
  session = undefined;
  polls.clear();
  started.clear();
});

const env = (timeoutSeconds: number) =>
  t.env({
    ENTRA_MCP_ALLOW_WRITES: "true",
    ENTRA_MCP_LRO_TIMEOUT_SECONDS: String(timeoutSeconds),
    ENTRA_MCP_CLOUD: t.cloudWith({
      jobs: { endpoint: jobs.url, audience: "https://api.fabric.microsoft.com" },
    }),
  });

/**
 * Gaps between the start and each poll, in ms, without the last poll: that one is cut short by the
 * deadline (a final look when the deadline comes before the next interval ends).
 */
function gaps(job: string): number[] {
  const times = [started.get(job) ?? 0, ...(polls.get(job) ?? [])];
  return times.slice(1, -1).map((time, i) => time - (times[i] ?? 0));
}

describe("long-running poll interval floor", () => {
  it.each(["zero", "none", "garbage"])(
    "Retry-After %s: first poll after >= 1 s, then growing intervals",
    async (job) => {
      session = await connect(env(5));
      const result = await session.call("run_job", { jobId: job });
      expect(result.isError).toBe(true);
      expect(result.text).toMatch(/still running after 5 s/);
      const intervals = gaps(job);
      // 1 s + 1.5 s + 2.25 s fit in 5 s, then one last look at the deadline: never thousands.
      expect(polls.get(job)?.length).toBeGreaterThanOrEqual(3);
      expect(polls.get(job)?.length).toBeLessThanOrEqual(4);
      expect(intervals[0]).toBeGreaterThanOrEqual(950);
      for (let i = 1; i < intervals.length; i++) {
        expect(intervals[i]).toBeGreaterThanOrEqual((intervals[i - 1] ?? 0) * 1.3);
      }
    },
  );

  it("honours a usable Retry-After below the floor (0.3 s)", async () => {
    session = await connect(env(2));
    await session.call("run_job", { jobId: "honoured" });
    const intervals = gaps("honoured");
    expect(intervals.length).toBeGreaterThanOrEqual(4);
    expect(Math.min(...intervals)).toBeGreaterThanOrEqual(250);
  });
});
