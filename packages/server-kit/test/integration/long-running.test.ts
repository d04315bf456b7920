/**
 * Long-running operations (202 + Location + Retry-After), served by a local test API in Fabric's
 * shapes: job instances (status NotStarted/InProgress/Completed/Failed, failureReason) and
 * operations (Running/Succeeded + Location .../result).
 */
import type { ServerResponse } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Connected, connect, dataOf } from "../support/connect.js";
import { json, startHttpsServer, type TestHttpsServer } from "../support/https-server.js";
import { startTestEmulator, type TestEmulator } from "../support/test-emulator.js";

let t: TestEmulator;
let jobs: TestHttpsServer;
let session: Connected | undefined;
const polls = new Map<string, number>();

function accepted(res: ServerResponse, location: string, retryAfter = "0"): void {
  res.writeHead(202, { location, "retry-after": retryAfter, "x-ms-operation-id": "op-1" }).end();
}

beforeAll(async () => {
  t = await startTestEmulator();
  jobs = await startHttpsServer((req, res) => {
    const path = req.url ?? "";
    const poll = (key: string) => {
      const n = (polls.get(key) ?? 0) + 1;
      polls.set(key, n);
      return n;
    };
    if (req.method === "POST") {
      const job = /^\/v1\/jobs\/([^/]+)\/run$/.exec(path)?.[1];
      if (job === "operation") return accepted(res, "/v1/operations/op-1");
      if (job === "elsewhere") return accepted(res, "https://evil.example/v1/jobs/x");
      if (job === "slow") return accepted(res, `${jobs.url}/v1/jobs/slow/instances/1`, "0.2");
      if (job) return accepted(res, `${jobs.url}/v1/jobs/${job}/instances/1`);
    }
    if (path === "/v1/jobs/ok/instances/1") {
      const status = poll(path) < 2 ? "InProgress" : "Completed";
      return json(res, 200, { id: "1", jobType: "Pipeline", status, failureReason: null });
    }
    if (path === "/v1/jobs/bad/instances/1") {
      return json(res, 200, {
        id: "1",
        status: "Failed",
        failureReason: { errorCode: "PipelineFailed", message: "Activity 'Copy' failed." },
      });
    }
    if (path === "/v1/jobs/slow/instances/1") {
      poll(path);
      return json(res, 200, { id: "1", status: "InProgress" }, { "retry-after": "0.2" });
    }
    if (path === "/v1/operations/op-1") {
      if (poll(path) < 2)
        return json(res, 200, { status: "Running", percentComplete: 50 }, { "retry-after": "0" });
      return json(
        res,
        200,
        { status: "Succeeded", percentComplete: 100 },
        { location: `${jobs.url}/v1/operations/op-1/result` },
      );
    }
    if (path === "/v1/operations/op-1/result")
      return json(res, 200, { id: "item-1", displayName: "Created item" });
    json(res, 404, { errorCode: "EntityNotFound", message: "not found" });
  });
});
afterAll(async () => {
  await Promise.all([t?.emulator.stop(), jobs?.close()]);
});
afterEach(async () => {
  await session?.close();
  session = undefined;
  jobs.requests.length = 0;
  polls.clear();
});

const env = (extra: Record<string, string> = {}) =>
  t.env({
    ENTRA_MCP_ALLOW_WRITES: "true",
    ENTRA_MCP_CLOUD: t.cloudWith({
      jobs: { endpoint: jobs.url, audience: "https://api.fabric.microsoft.com" },
    }),
    ...extra,
  });

describe("long-running operations", () => {
  it("polls a job instance until it completes", async () => {
    session = await connect(env());
    const result = await session.call("run_job", { jobId: "ok" });
    expect(result.isError).toBeFalsy();
    // A text-only result (no output schema) leaves out null members such as failureReason.
    expect(dataOf(result)).toEqual({ id: "1", jobType: "Pipeline", status: "Completed" });
    expect(jobs.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /v1/jobs/ok/run",
      "GET /v1/jobs/ok/instances/1",
      "GET /v1/jobs/ok/instances/1",
    ]);
    expect(jobs.requests.every((r) => r.authorization?.startsWith("Bearer "))).toBe(true);
  });

  it("follows a Fabric operation to its result", async () => {
    session = await connect(env());
    const result = await session.call("run_job", { jobId: "operation" });
    expect(result.isError).toBeFalsy();
    expect(dataOf(result)).toEqual({ id: "item-1", displayName: "Created item" });
    expect(jobs.requests.map((r) => r.path)).toEqual([
      "/v1/jobs/operation/run",
      "/v1/operations/op-1",
      "/v1/operations/op-1",
      "/v1/operations/op-1/result",
    ]);
  });

  it("reports a failed job with the API's failure reason", async () => {
    session = await connect(env());
    const result = await session.call("run_job", { jobId: "bad" });
    expect(result.isError).toBe(true);
    expect(result.text).toBe(
      "run_job: the Jobs API operation ended with status Failed PipelineFailed: Activity 'Copy' failed.",
    );
  });

  it("stops at the deadline and says how to check later", async () => {
    session = await connect(env({ ENTRA_MCP_LRO_TIMEOUT_SECONDS: "1" }));
    const started = Date.now();
    const result = await session.call("run_job", { jobId: "slow" });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(
      /still running after 1 s \(the deadline, ENTRA_MCP_LRO_TIMEOUT_SECONDS\); it continues in Jobs API\. Check it later with the request tool: GET \/jobs\/slow\/instances\/1/,
    );
    expect(polls.get("/v1/jobs/slow/instances/1")).toBeGreaterThanOrEqual(2);
  });

  it("stops polling when the MCP request is cancelled", async () => {
    session = await connect(env({ ENTRA_MCP_LRO_TIMEOUT_SECONDS: "30" }));
    const controller = new AbortController();
    const call = session.call("run_job", { jobId: "slow" }, { signal: controller.signal });
    while ((polls.get("/v1/jobs/slow/instances/1") ?? 0) < 2) await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    await expect(call).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 300));
    const afterCancel = polls.get("/v1/jobs/slow/instances/1") ?? 0;
    await new Promise((r) => setTimeout(r, 800));
    expect(polls.get("/v1/jobs/slow/instances/1")).toBe(afterCancel);
  });

  it("refuses to poll a Location on another origin", async () => {
    session = await connect(env());
    const result = await session.call("run_job", { jobId: "elsewhere" });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(
      /refused to call https:\/\/evil\.example: tokens for Jobs API are sent only to/,
    );
    expect(jobs.requests).toHaveLength(1);
  });
});
