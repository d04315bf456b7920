/**
 * Two Power BI shapes against a local HTTPS server signed by the emulator CA:
 * - statusPoll (http/status-poll.ts): an operation that answers with an id and no Location is
 *   followed on its status path under the long-running rules (deadline, Retry-After, failure),
 *   and its result read once it succeeded;
 * - last-result-set paging (http/last-result-set-paging.ts): pages follow continuationToken,
 *   quoted and never re-encoded, through empty pages, until lastResultSet — even though the last
 *   page still carries a token; the continuationUri (another host) is never requested.
 */

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { ApiDescription } from "../../src/api-description.js";
import { type Connected, connect, dataOf } from "../support/connect.js";
import { json, startHttpsServer, type TestHttpsServer } from "../support/https-server.js";
import { testApi } from "../support/test-api.js";
import { startTestEmulator, type TestEmulator } from "../support/test-emulator.js";

let t: TestEmulator;
let api: TestHttpsServer;
let session: Connected | undefined;
/** Every request the server saw: method and raw URL. */
const seen: string[] = [];
/** scanId -> the statuses its status polls answer, in order (the last one repeats). */
const SCRIPTS: Record<string, string[]> = {
  ok: ["NotStarted", "Running", "Succeeded"],
  failed: ["Running", "Failed"],
  slow: ["Running"],
  odd: ["Paused"],
};
const polls = new Map<string, number>();

// The activity log: tokens look like the service's (URL-encoded, with %2B and %3D in them).
const TOKENS = ["%2BRID%3A~page1%3D%3D", "%2BRID%3A~page2%3D%3D", "%2BRID%3A~page3%3D%3D"];
const PAGES = [
  { activityEventEntities: [{ Id: "1" }, { Id: "2" }], lastResultSet: false },
  { activityEventEntities: [], lastResultSet: false },
  { activityEventEntities: [{ Id: "3" }], lastResultSet: false },
  { activityEventEntities: [{ Id: "4" }], lastResultSet: true },
];

beforeAll(async () => {
  t = await startTestEmulator();
  api = await startHttpsServer((req, res) => {
    const url = req.url ?? "";
    seen.push(`${req.method} ${url}`);
    const start = /^\/v1\/scans\/([a-z]+)\/start$/.exec(url)?.[1];
    if (req.method === "POST" && start) {
      return json(res, 202, { id: start, createdDateTime: "2024-05-01T00:00:00Z", status: "NotStarted" });
    }
    const status = /^\/v1\/scanStatus\/([a-z]+)$/.exec(url)?.[1];
    if (status) {
      const n = polls.get(status) ?? 0;
      polls.set(status, n + 1);
      const script = SCRIPTS[status] ?? [];
      const state = script[Math.min(n, script.length - 1)];
      const body =
        state === "Failed"
          ? { id: status, status: state, error: { code: "ScanFailed", message: "workspace too large" } }
          : { id: status, status: state };
      return json(res, 200, body, { "retry-after": "0.3" });
    }
    const result = /^\/v1\/scanResult\/([a-z]+)$/.exec(url)?.[1];
    if (result) return json(res, 200, { workspaces: [{ id: result, name: "Sales" }] });
    if (url.startsWith("/v1/activityevents")) {
      // As the service reads it: the query decoded once, so the token must arrive quoted and encoded once.
      const token = new URL(url, api.url).searchParams.get("continuationToken") ?? undefined;
      const index =
        token === undefined ? 0 : TOKENS.findIndex((t) => token === `'${decodeURIComponent(t)}'`) + 1;
      if (token !== undefined && index === 0)
        return json(res, 400, { error: { code: "BadRequest", message: `bad token ${token}` } });
      const page = PAGES[Math.min(index, PAGES.length - 1)];
      const next = TOKENS[Math.min(index, TOKENS.length - 1)];
      return json(res, 200, {
        ...page,
        continuationUri: `https://wabi-us-east-redirect.analysis.windows.net/v1.0/myorg/admin/activityevents?continuationToken='${next}'`,
        continuationToken: next,
      });
    }
    json(res, 404, { error: { code: "NotFound", message: url } });
  });
});
afterAll(async () => {
  await Promise.all([t?.emulator.stop(), api?.close()]);
});
afterEach(async () => {
  await session?.close();
  session = undefined;
  seen.length = 0;
  polls.clear();
});

const description: ApiDescription = {
  ...testApi,
  operations: [
    {
      name: "scan",
      title: "Scan",
      description: "Starts a scan and returns its result.",
      api: "jobs",
      method: "POST",
      path: "/scans/{scanId}/start",
      input: { scanId: z.string().max(20) },
      access: "read",
      idempotent: false,
      statusPoll: { statusPath: "/scanStatus/{id}", resultPath: "/scanResult/{id}" },
    },
    {
      name: "activity",
      title: "Activity",
      description: "The activity log.",
      api: "jobs",
      method: "GET",
      path: "/activityevents",
      input: { top: z.number().int().optional() },
      query: () => ({ startDateTime: "'2024-05-01T00:00:00Z'", endDateTime: "'2024-05-01T23:59:59Z'" }),
      access: "read",
      paging: true,
    },
  ],
};

const env = (extra: Record<string, string> = {}) =>
  t.env({
    ENTRA_MCP_CLOUD: t.cloudWith({
      jobs: { endpoint: api.url, audience: "https://analysis.windows.net/powerbi/api" },
    }),
    ...extra,
  });

describe("statusPoll", () => {
  it("polls the status path by the start response's id until Succeeded, then reads the result once", async () => {
    session = await connect(env(), description);
    const result = await session.call("scan", { scanId: "ok" });
    expect(result.isError, result.text).toBeFalsy();
    expect(dataOf(result)).toEqual({ workspaces: [{ id: "ok", name: "Sales" }] });
    expect(seen).toEqual([
      "POST /v1/scans/ok/start",
      "GET /v1/scanStatus/ok",
      "GET /v1/scanStatus/ok",
      "GET /v1/scanStatus/ok",
      "GET /v1/scanResult/ok",
    ]);
  });

  it("a Failed status is a tool error with the service's reason; the result is never read", async () => {
    session = await connect(env(), description);
    const result = await session.call("scan", { scanId: "failed" });
    expect(result.isError).toBe(true);
    expect(result.text).toContain("ScanFailed");
    expect(result.text).toContain("workspace too large");
    expect(seen.some((entry) => entry.includes("scanResult"))).toBe(false);
  });

  it("at the deadline: StillRunning, naming the status path to check later", async () => {
    session = await connect(env({ ENTRA_MCP_LRO_TIMEOUT_SECONDS: "1" }), description);
    const result = await session.call("scan", { scanId: "slow" });
    expect(result.isError).toBe(true);
    expect(result.text).toContain("still running after 1 s");
    expect(result.text).toContain("GET /scanStatus/slow");
  });

  it("a status that is neither running nor done stops polling with a readable error", async () => {
    session = await connect(env(), description);
    const result = await session.call("scan", { scanId: "odd" });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('"paused"');
    expect(polls.get("odd")).toBe(1);
  });
});

describe("last-result-set paging", () => {
  it("follows the quoted token as it came, through an empty page, and stops at lastResultSet", async () => {
    session = await connect(env(), description);
    const result = await session.call("activity");
    expect(result.isError, result.text).toBeFalsy();
    const data = dataOf(result) as { activityEventEntities: { Id: string }[] };
    expect(data.activityEventEntities.map((e) => e.Id)).toEqual(["1", "2", "3", "4"]);
    expect(seen).toEqual([
      "GET /v1/activityevents?startDateTime=%272024-05-01T00%3A00%3A00Z%27&endDateTime=%272024-05-01T23%3A59%3A59Z%27",
      `GET /v1/activityevents?continuationToken=%27${TOKENS[0]}%27`,
      `GET /v1/activityevents?continuationToken=%27${TOKENS[1]}%27`,
      `GET /v1/activityevents?continuationToken=%27${TOKENS[2]}%27`,
    ]);
  });

  it("capped by top: a cursor continues where it stopped", async () => {
    session = await connect(env(), description);
    const first = await session.call("activity", { top: 2 });
    const data = dataOf(first) as { activityEventEntities: { Id: string }[]; nextCursor?: string };
    expect(data.activityEventEntities.map((e) => e.Id)).toEqual(["1", "2"]);
    expect(typeof data.nextCursor).toBe("string");
    const rest = await session.call("activity", { cursor: data.nextCursor });
    const more = dataOf(rest) as { activityEventEntities: { Id: string }[] };
    expect(more.activityEventEntities.map((e) => e.Id)).toEqual(["3", "4"]);
  });
});
