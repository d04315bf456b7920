/**
 * MCP progress notifications over a real stdio transport: the SDK Client's `onprogress` sends a
 * progressToken, and the server reports while it polls a long-running operation and while it follows
 * pages, with increasing progress values. Without a progressToken nothing is sent.
 */
import type { Progress } from "@modelcontextprotocol/sdk/types.js";
import { CallToolResultSchema, ProgressNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { json, startHttpsServer, type TestHttpsServer } from "../support/https-server.js";
import { type SpawnedServer, spawnServer } from "../support/spawn-server.js";
import { startTestEmulator, type TestEmulator } from "../support/test-emulator.js";

let t: TestEmulator;
let jobs: TestHttpsServer;
let server: SpawnedServer | undefined;
let polls = 0;

beforeAll(async () => {
  t = await startTestEmulator();
  jobs = await startHttpsServer((req, res) => {
    const path = req.url ?? "";
    if (req.method === "POST" && path === "/v1/jobs/report/run") {
      res.writeHead(202, { location: `${jobs.url}/v1/jobs/report/instances/1`, "retry-after": "0.3" }).end();
      return;
    }
    if (path === "/v1/jobs/report/instances/1") {
      polls += 1;
      if (polls < 4) {
        return json(
          res,
          200,
          { id: "1", status: "InProgress", percentComplete: polls * 25 },
          { "retry-after": "0.3" },
        );
      }
      return json(res, 200, { id: "1", status: "Completed" });
    }
    json(res, 404, { errorCode: "EntityNotFound", message: "not found" });
  });
});
afterAll(async () => {
  await Promise.all([t?.emulator.stop(), jobs?.close()]);
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  polls = 0;
});

const env = () =>
  t.env({
    ENTRA_MCP_ALLOW_WRITES: "true",
    ENTRA_MCP_CLOUD: t.cloudWith({
      jobs: { endpoint: jobs.url, audience: "https://api.fabric.microsoft.com" },
    }),
  });

async function callWithProgress(name: string, args: Record<string, unknown>) {
  const updates: Progress[] = [];
  const result = await (server as SpawnedServer).client.callTool(
    { name, arguments: args },
    CallToolResultSchema,
    { onprogress: (progress) => updates.push(progress) },
  );
  return { result, updates };
}

function increasing(updates: Progress[]): boolean {
  return updates.every((u, i) => i === 0 || u.progress > (updates[i - 1]?.progress ?? 0));
}

describe("progress notifications", () => {
  it("reports each poll of a long-running operation, with its percentage", async () => {
    server = await spawnServer(env());
    const { result, updates } = await callWithProgress("run_job", { jobId: "report" });
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    expect(updates.map((u) => u.message)).toEqual([
      expect.stringMatching(/^Jobs API operation InProgress \(25%\); poll 1, next at \S+Z\.$/),
      expect.stringMatching(/^Jobs API operation InProgress \(50%\); poll 2, next at /),
      expect.stringMatching(/^Jobs API operation InProgress \(75%\); poll 3, next at /),
    ]);
    expect(updates.map((u) => [u.progress, u.total])).toEqual([
      [25, 100],
      [50, 100],
      [75, 100],
    ]);
  });

  it("reports each page it follows", async () => {
    server = await spawnServer(env());
    const { result, updates } = await callWithProgress("list_users", { pageSize: 5 });
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    // Five pages at most (ENTRA_MCP_MAX_PAGES): the first is the call itself, four more are followed.
    expect(updates.map((u) => u.message)).toEqual([
      "Fetching page 2 (5 items so far).",
      "Fetching page 3 (10 items so far).",
      "Fetching page 4 (15 items so far).",
      "Fetching page 5 (20 items so far).",
    ]);
    expect(increasing(updates)).toBe(true);
  });

  it("sends none when the client did not ask (no progressToken)", async () => {
    server = await spawnServer(env());
    // Replaces the SDK's own progress dispatcher: every progress notification that arrives lands here.
    const seen: unknown[] = [];
    server.client.setNotificationHandler(ProgressNotificationSchema, (notification) => {
      seen.push(notification.params);
    });
    const result = await server.client.callTool({ name: "list_users", arguments: { pageSize: 5 } });
    expect(result.isError).toBeFalsy();
    // The same call with a progressToken does send notifications here (the recorder works).
    await server.client.request(
      {
        method: "tools/call",
        params: { name: "list_users", arguments: { pageSize: 5 }, _meta: { progressToken: "p1" } },
      },
      CallToolResultSchema,
    );
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((params) => (params as { progressToken: unknown }).progressToken === "p1")).toBe(true);
  });
});
