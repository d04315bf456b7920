import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, type RequestLogEntry, startEmulator } from "../src/index.js";

describe("admin endpoints, request log and fault injection over HTTP", () => {
  let emulator: Emulator;
  let metadataPath: string;
  beforeAll(async () => {
    emulator = await startEmulator({ seed: "empty" });
    metadataPath = `/${emulator.tenant.tenantId}/v2.0/.well-known/openid-configuration`;
  });
  afterAll(() => emulator.stop());
  beforeEach(() => {
    emulator.clearRequests();
    emulator.clearFaults();
  });

  it("every origin serves GET /_emulator/requests (the shared log) and admin calls are not logged", async () => {
    await fetch(`${emulator.urls.login}${metadataPath}?code=secret-code&state=keep`);
    await fetch(`${emulator.urls.graph}/v1.0/users`, { headers: { authorization: "Bearer not-a-jwt" } });
    for (const origin of Object.values(emulator.urls)) {
      const log = (await (await fetch(`${origin}/_emulator/requests`)).json()) as RequestLogEntry[];
      expect(log.map((e) => e.origin)).toEqual(["login", "graph"]);
    }
    const [login, graph] = emulator.requests();
    expect(login).toMatchObject({
      seq: 1,
      method: "GET",
      origin: "login",
      url: emulator.urls.login,
      status: 200,
    });
    expect(login?.path).toBe(`${metadataPath}?code=REDACTED&state=keep`);
    expect(typeof login?.durationMs).toBe("number");
    expect(Number.isNaN(Date.parse(login?.time ?? ""))).toBe(false);
    expect(graph).toMatchObject({ origin: "graph", status: 401 });

    const filtered = (await (
      await fetch(`${emulator.urls.vault}/_emulator/requests?origin=graph`)
    ).json()) as RequestLogEntry[];
    expect(filtered).toHaveLength(1);
    expect((await fetch(`${emulator.urls.vault}/_emulator/requests`, { method: "DELETE" })).status).toBe(204);
    expect(emulator.requests()).toEqual([]);
  });

  it("POST /_emulator/faults: next N matching requests get the status and Retry-After, then normal service resumes", async () => {
    const added = await fetch(`${emulator.urls.graph}/_emulator/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        origin: "login",
        path: "/openid-configuration/",
        count: 2,
        status: 503,
        retryAfter: 7,
      }),
    });
    expect(added.status).toBe(201);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const res = await fetch(`${emulator.urls.login}${metadataPath}`);
      statuses.push(res.status);
      if (res.status === 503) {
        expect(res.headers.get("retry-after")).toBe("7");
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe("ServiceUnavailable");
      }
    }
    expect(statuses).toEqual([503, 503, 200]);
    expect(emulator.requests().map((e) => e.fault ?? false)).toEqual([true, true, false]);

    const invalid = await fetch(`${emulator.urls.login}/_emulator/faults`, { method: "POST", body: "{}" });
    expect(invalid.status).toBe(400);
  });

  it("a delay-only fault slows the request down and then lets it through; method filters apply", async () => {
    emulator.inject({ origin: "login", method: "POST", delayMs: 50 });
    emulator.inject({ origin: "login", path: metadataPath, delayMs: 300 });
    const started = performance.now();
    const res = await fetch(`${emulator.urls.login}${metadataPath}`);
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(emulator.requests()[0]?.durationMs).toBeGreaterThanOrEqual(290);
    expect(emulator.requests()[0]?.fault).toBeUndefined();
    // The POST-only fault was not consumed by the GET: it delays the next POST.
    const postStarted = performance.now();
    await fetch(`${emulator.urls.login}/${emulator.tenant.tenantId}/oauth2/v2.0/token`, { method: "POST" });
    expect(performance.now() - postStarted).toBeGreaterThanOrEqual(45);
  });

  it("a 429 with a custom body and an HTTP-date Retry-After", async () => {
    const when = new Date(Date.now() + 5000).toUTCString();
    emulator.inject({
      origin: "vault",
      status: 429,
      retryAfter: when,
      body: { error: { code: "Throttled", message: "slow down" } },
    });
    const res = await fetch(`${emulator.urls.vault}/secrets/anything?api-version=7.5`);
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe(when);
    expect(await res.json()).toEqual({ error: { code: "Throttled", message: "slow down" } });
  });
});
