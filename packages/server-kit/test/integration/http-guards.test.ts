/**
 * Hosted mode's front door with inbound auth off for local development (loopback only): Host and
 * Origin checks (DNS rebinding), the body limit, the rate limit, /healthz, the stateless methods,
 * and the settings it refuses to start with. The spawned process is the real one a bin runs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  failedStart,
  type HttpServerProcess,
  INITIALIZE,
  rpc,
  startHttpServer,
} from "../support/http-server.js";

const OFF = { ENTRA_MCP_HTTP_AUTH: "off-for-local-development", ENTRA_MCP_HTTP_PORT: "0" };
const baseEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  ...OFF,
  ...extra,
});

let server: HttpServerProcess;
beforeAll(async () => {
  server = await startHttpServer(
    baseEnv({
      ENTRA_MCP_HTTP_MAX_BODY_BYTES: "4096",
      ENTRA_MCP_HTTP_RATE_LIMIT: "1000",
      ENTRA_MCP_HTTP_ALLOWED_ORIGINS: "https://claude.example",
    }),
  );
});
afterAll(() => server.stop());

describe("Host and Origin (DNS-rebinding protection)", () => {
  it("answers a request with the server's own Host and no Origin (a non-browser client)", async () => {
    const response = await rpc(server.url, INITIALIZE);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    const body = (await response.json()) as { result: { serverInfo: { name: string } } };
    expect(body.result.serverInfo.name).toBe("entra-mcp-test");
    expect(response.headers.get("mcp-session-id")).toBeNull();
  });

  it("refuses a foreign Origin with 403 and says how an operator allows one", async () => {
    const response = await rpc(server.url, INITIALIZE, { origin: "https://evil.example" });
    expect(response.status).toBe(403);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toContain('Origin "https://evil.example" is not allowed');
    expect(body.error.message).toContain("ENTRA_MCP_HTTP_ALLOWED_ORIGINS");
  });

  it("accepts an Origin listed in ENTRA_MCP_HTTP_ALLOWED_ORIGINS and the loopback origin itself", async () => {
    expect((await rpc(server.url, INITIALIZE, { origin: "https://claude.example" })).status).toBe(200);
    expect((await rpc(server.url, INITIALIZE, { origin: server.origin })).status).toBe(200);
  });

  it("answers a browser's preflight and exposes the challenge headers to an allowed origin only", async () => {
    const preflight = await fetch(server.url, {
      method: "OPTIONS",
      headers: {
        origin: "https://claude.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type, mcp-protocol-version",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://claude.example");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("authorization");
    const answer = await rpc(server.url, INITIALIZE, { origin: "https://claude.example" });
    expect(answer.headers.get("access-control-allow-origin")).toBe("https://claude.example");
    expect(answer.headers.get("access-control-expose-headers")).toContain("www-authenticate");
    const foreign = await fetch(server.url, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example" },
    });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
    // A non-browser client (no Origin) gets no CORS headers at all.
    expect((await rpc(server.url, INITIALIZE)).headers.get("access-control-allow-origin")).toBeNull();
  });

  it("refuses a rebound Host (evil.example resolving to 127.0.0.1) with 403", async () => {
    // fetch may not set Host; node:http can.
    const { request } = await import("node:http");
    const status = await new Promise<number>((resolve, reject) => {
      const body = JSON.stringify({ jsonrpc: "2.0", ...INITIALIZE });
      const req = request(
        server.url,
        {
          method: "POST",
          headers: {
            host: "evil.example",
            "content-type": "application/json",
            accept: "application/json, text/event-stream",
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.once("error", reject);
      req.end(body);
    });
    expect(status).toBe(403);
  });
});

describe("limits", () => {
  it("refuses a body over ENTRA_MCP_HTTP_MAX_BODY_BYTES with 413, announced or chunked", async () => {
    const big = {
      id: 2,
      method: "tools/call",
      params: { name: "list_users", arguments: { filter: "x".repeat(5000) } },
    };
    const announced = await rpc(server.url, big);
    expect(announced.status).toBe(413);
    expect(((await announced.json()) as { error: { message: string } }).error.message).toContain(
      "4096-byte limit",
    );

    const text = JSON.stringify({ jsonrpc: "2.0", ...big });
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < text.length; i += 1000)
          controller.enqueue(new TextEncoder().encode(text.slice(i, i + 1000)));
        controller.close();
      },
    });
    const chunked = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it("answers a body that is not JSON with a parse error, and a non-JSON content type with 415", async () => {
    const bad = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: "{not json",
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: number } }).error.code).toBe(-32700);
    const form = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "{}",
    });
    expect(form.status).toBe(415);
  });

  it("answers a burst from one caller with 429 and Retry-After", async () => {
    const limited = await startHttpServer(baseEnv({ ENTRA_MCP_HTTP_RATE_LIMIT: "3" }));
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 5; i++) {
        const response = await rpc(limited.url, { id: i, method: "ping" });
        statuses.push(response.status);
        if (response.status === 429) {
          retryAfter = response.headers.get("retry-after");
          expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
            /limit 3 a minute.*wait \d+ s/,
          );
        }
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(retryAfter)).toBeLessThanOrEqual(20);
    } finally {
      await limited.stop();
    }
  });
});

describe("routes", () => {
  it("/healthz is unauthenticated and reveals nothing", async () => {
    const response = await fetch(`${server.origin}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('{"status":"ok"}');
    expect(response.headers.get("server")).toBeNull();
  });

  it("is stateless: GET (standalone SSE) and DELETE (session end) are 405, unknown paths 404", async () => {
    const get = await fetch(server.url, { headers: { accept: "text/event-stream" } });
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect((await fetch(server.url, { method: "DELETE" })).status).toBe(405);
    expect((await fetch(`${server.origin}/other`)).status).toBe(404);
  });

  it("serves no Protected Resource Metadata when auth is off", async () => {
    expect((await fetch(`${server.origin}/.well-known/oauth-protected-resource`)).status).toBe(404);
  });

  it("logs one JSON line per request with its ID, method and status; stdout stays empty", async () => {
    const response = await rpc(server.url, { id: 9, method: "tools/list" });
    const id = response.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await response.text();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const line = server.logs().find((entry) => entry.requestId === id);
    expect(line).toMatchObject({
      event: "request",
      method: "POST",
      path: "/mcp",
      status: 200,
      rpc: "tools/list",
    });
    expect(server.stdout()).toBe("");
  });
});

describe("settings warnings", () => {
  it("are logged once at start, not once per request (a server is built per request)", async () => {
    const warned = await startHttpServer(baseEnv({ ENTRA_MCP_TOOLS: "list_users,no_such_tool" }));
    try {
      for (let i = 0; i < 3; i++)
        expect((await rpc(warned.url, { id: i, method: "tools/list" })).status).toBe(200);
      const lines = warned
        .logs()
        .filter((line) => String(line.message).includes("unknown tool no_such_tool"));
      expect(lines.length).toBe(1);
    } finally {
      await warned.stop();
    }
  });
});

describe("settings it refuses to start with", () => {
  it("refuses ENTRA_MCP_HTTP_AUTH=off-for-local-development on a non-loopback host", async () => {
    const { code, stderr } = await failedStart(
      baseEnv({ ENTRA_MCP_HTTP_HOST: "0.0.0.0", ENTRA_MCP_PUBLIC_URL: "https://mcp.contoso.test/mcp" }),
    );
    expect(code).toBe(1);
    expect(stderr).toContain("ENTRA_MCP_HTTP_AUTH=off-for-local-development is refused on 0.0.0.0");
    expect(stderr).toContain("Fix: set ENTRA_MCP_HTTP_HOST=127.0.0.1");
  });

  it("requires ENTRA_MCP_PUBLIC_URL off loopback, and https in it", async () => {
    const missing = await failedStart(baseEnv({ ENTRA_MCP_HTTP_HOST: "0.0.0.0", ENTRA_MCP_HTTP_AUTH: "" }));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("ENTRA_MCP_PUBLIC_URL is required when listening on 0.0.0.0");
    const plain = await failedStart(baseEnv({ ENTRA_MCP_PUBLIC_URL: "http://mcp.contoso.test/mcp" }));
    expect(plain.stderr).toContain("must be https");
  });

  it("names a bad ENTRA_MCP_TRANSPORT or option and exits 2", async () => {
    const transport = await failedStart(baseEnv({ ENTRA_MCP_TRANSPORT: "websocket" }), []);
    expect(transport.code).toBe(2);
    expect(transport.stderr).toContain('ENTRA_MCP_TRANSPORT: "websocket" is not a transport');
    const option = await failedStart(baseEnv(), ["--htp"]);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("unknown option --htp");
  });

  it("ENTRA_MCP_TRANSPORT=http serves HTTP without --http", async () => {
    const viaEnv = await startHttpServer(baseEnv({ ENTRA_MCP_TRANSPORT: "http" }), []);
    try {
      expect((await rpc(viaEnv.url, { id: 1, method: "ping" })).status).toBe(200);
    } finally {
      await viaEnv.stop();
    }
  });
});
