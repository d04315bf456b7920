/**
 * One HTTP(S) exchange on node:https (node:http for http: URLs), the response read into memory
 * under a byte cap. It is what the servers' API calls and MSAL's token requests go through.
 *
 * Why not global fetch: Node compiles its bundled undici on the first fetch of a process, 20–40 ms
 * of a fresh server's first tool call (about a fifth of spawn -> first result), while node:https is
 * loaded anyway for TLS. The part of fetch we use is small: a method, headers, a string body, an
 * AbortSignal, no redirects followed, gzip/deflate/br decoded. That part is here; nothing else is.
 * node:http is taken with process.getBuiltinModule because an ESM import of it builds the module's
 * ESM facade, which reads its lazy WebSocket getter and so loads undici after all.
 */
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import { request as requestHttps } from "node:https";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";

export interface NodeRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string | undefined;
  /** Aborts the exchange, body included; the promise rejects with the signal's reason, as fetch does. */
  signal?: AbortSignal | undefined;
  /** The largest decoded body accepted (default: unlimited). */
  maxBytes?: number;
}

export interface NodeResponse {
  status: number;
  headers: ResponseHeaders;
  /** The decoded body as UTF-8 text ("" when there is none). */
  text: string;
}

/** The body (declared or decoded) is larger than the request's maxBytes. */
export class ResponseTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the response body is larger than ${maxBytes} bytes`);
    this.name = "ResponseTooLargeError";
  }
}

/** Response headers with the WHATWG Headers reading API (names case-insensitive, lists joined). */
export class ResponseHeaders {
  constructor(private readonly raw: IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(", ") : value;
  }

  forEach(visit: (value: string, name: string) => void): void {
    for (const name of Object.keys(this.raw)) {
      const value = this.get(name);
      if (value !== null) visit(value, name);
    }
  }
}

/** Sends the request and reads the whole (decoded) response; network errors reject as they happen. */
export function nodeRequest(options: NodeRequest): Promise<NodeResponse> {
  const { url, signal } = options;
  if (signal?.aborted) return Promise.reject(signal.reason);
  const send = url.protocol === "http:" ? httpRequest() : requestHttps;
  return new Promise<NodeResponse>((resolve, reject) => {
    const fail = (error: unknown) => reject(signal?.aborted ? signal.reason : error);
    const req = send(
      url,
      {
        method: options.method,
        headers: {
          "accept-encoding": "gzip, deflate, br",
          ...options.headers,
          ...(options.body !== undefined
            ? { "content-length": String(Buffer.byteLength(options.body)) }
            : {}),
        },
        ...(signal ? { signal } : {}),
      },
      (res) => {
        readBody(res, options.maxBytes ?? Number.POSITIVE_INFINITY).then(
          (text) => resolve({ status: res.statusCode ?? 0, headers: new ResponseHeaders(res.headers), text }),
          fail,
        );
      },
    );
    req.on("error", fail);
    req.end(options.body);
  });
}

function httpRequest(): typeof requestHttps {
  return process.getBuiltinModule("node:http").request as typeof requestHttps;
}

async function readBody(res: IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(res.headers["content-length"] ?? "0");
  if (declared > maxBytes) {
    res.destroy();
    throw new ResponseTooLargeError(maxBytes);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  const body = decoded(res);
  for await (const chunk of body) {
    total += (chunk as Buffer).byteLength;
    if (total > maxBytes) {
      body.destroy();
      res.destroy();
      throw new ResponseTooLargeError(maxBytes);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The body stream with its Content-Encoding undone; an error on either side ends both. */
function decoded(res: IncomingMessage): Readable {
  const encoding = res.headers["content-encoding"]?.trim().toLowerCase();
  const decoder =
    encoding === "gzip" || encoding === "x-gzip"
      ? createGunzip()
      : encoding === "deflate"
        ? createInflate()
        : encoding === "br"
          ? createBrotliDecompress()
          : undefined;
  if (!decoder) return res;
  pipeline(res, decoder, () => undefined);
  return decoder;
}
