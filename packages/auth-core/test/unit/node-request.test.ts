import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeRequest, ResponseTooLargeError } from "../../src/network/node-request.js";

// A real HTTP server on 127.0.0.1; the https: path is the same code with node:https and is covered
// by every integration test against the emulator.
let server: Server;
let base: URL;
const seen: { method: string; headers: Record<string, unknown>; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      seen.push({ method: req.method ?? "", headers: req.headers, body });
      const json = JSON.stringify({ value: "x".repeat(2000) });
      switch (req.url) {
        case "/gzip":
          res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
          return res.end(gzipSync(json));
        case "/br":
          res.writeHead(200, { "content-type": "application/json", "content-encoding": "br" });
          return res.end(brotliCompressSync(json));
        case "/redirect":
          res.writeHead(302, { location: "/elsewhere", "set-cookie": ["a=1", "b=2"] });
          return res.end();
        case "/declared-large":
          res.writeHead(200, { "content-length": "5000" });
          return res.end("y".repeat(5000));
        case "/chunked-large":
          res.writeHead(200, { "content-type": "text/plain" });
          res.write("z".repeat(3000));
          return res.end("z".repeat(3000));
        case "/silent":
          return; // never answers
        default:
          res.writeHead(201, { "content-type": "text/plain" });
          return res.end(`echo ${body}`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("nodeRequest", () => {
  it("sends the method, headers and body, and reads the status, headers and text", async () => {
    const response = await nodeRequest({
      method: "POST",
      url: new URL("/echo", base),
      headers: { "x-test": "1", "content-type": "application/json" },
      body: '{"a":"é"}',
    });
    expect(response.status).toBe(201);
    expect(response.text).toBe('echo {"a":"é"}');
    expect(response.headers.get("Content-Type")).toBe("text/plain");
    const request = seen.at(-1);
    expect(request?.method).toBe("POST");
    expect(request?.headers["x-test"]).toBe("1");
    expect(request?.headers["content-length"]).toBe(String(Buffer.byteLength('{"a":"é"}')));
    expect(request?.headers["accept-encoding"]).toBe("gzip, deflate, br");
  });

  it("decodes gzip and brotli bodies", async () => {
    for (const path of ["/gzip", "/br"]) {
      const response = await nodeRequest({ method: "GET", url: new URL(path, base), headers: {} });
      expect(JSON.parse(response.text).value).toHaveLength(2000);
    }
  });

  it("does not follow redirects, and joins repeated headers as Headers does", async () => {
    const response = await nodeRequest({ method: "GET", url: new URL("/redirect", base), headers: {} });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/elsewhere");
    expect(response.headers.get("set-cookie")).toBe("a=1, b=2");
    expect(response.headers.get("x-missing")).toBeNull();
    const names: string[] = [];
    response.headers.forEach((_value, name) => {
      names.push(name);
    });
    expect(names).toContain("location");
  });

  it("refuses a body over maxBytes, declared or streamed", async () => {
    for (const path of ["/declared-large", "/chunked-large"]) {
      await expect(
        nodeRequest({ method: "GET", url: new URL(path, base), headers: {}, maxBytes: 4096 }),
      ).rejects.toBeInstanceOf(ResponseTooLargeError);
    }
    const fits = await nodeRequest({
      method: "GET",
      url: new URL("/gzip", base),
      headers: {},
      maxBytes: 4096,
    });
    expect(fits.status).toBe(200);
  });

  it("rejects with the signal's reason when aborted, as fetch does", async () => {
    const signal = AbortSignal.timeout(100);
    const started = Date.now();
    const error = await nodeRequest({
      method: "GET",
      url: new URL("/silent", base),
      headers: {},
      signal,
    }).catch((e: unknown) => e);
    expect((error as Error).name).toBe("TimeoutError");
    expect(Date.now() - started).toBeLessThan(5000);
    const aborted = new AbortController();
    aborted.abort(new Error("caller gave up"));
    await expect(
      nodeRequest({ method: "GET", url: new URL("/echo", base), headers: {}, signal: aborted.signal }),
    ).rejects.toThrow("caller gave up");
  });

  it("rejects with the connection error when nothing listens", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(
      nodeRequest({ method: "GET", url: new URL(`http://127.0.0.1:${port}/`), headers: {} }),
    ).rejects.toThrow(/ECONNREFUSED/);
  });
});
