/**
 * Reads a request body up to a byte limit. The limit is checked against Content-Length first (no byte
 * is read of a body announced too large) and then while reading (a chunked body is cut off at the
 * limit), so memory per request stays bounded whatever the client sends.
 */
import type { IncomingMessage } from "node:http";

export type BodyResult =
  | { ok: true; value: unknown }
  | { ok: false; status: 400 | 413 | 415; message: string };

/** Reads and parses a JSON body of at most `limit` bytes. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const tooLarge = {
    ok: false as const,
    status: 413 as const,
    message: `The request body is larger than this server's ${limit}-byte limit. Fix: send less in one call (smaller arguments; page through lists with cursor).`,
  };
  const type = req.headers["content-type"]?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") {
    return {
      ok: false,
      status: 415,
      message: `Content-Type must be application/json (got "${type ?? ""}"). Fix: send the JSON-RPC message as application/json.`,
    };
  }
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    // Not read, only drained, so that the client sees the 413 instead of a broken pipe.
    req.resume();
    return tooLarge;
  }
  // Events, not for-await: leaving a for-await loop destroys the socket before the 413 is sent.
  // Past the limit the rest is read and dropped (bounded by the server's request timeout).
  const chunks = await new Promise<Buffer[] | undefined>((resolve, reject) => {
    const kept: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) kept.push(chunk);
      else kept.length = 0;
    });
    req.once("end", () => resolve(size > limit ? undefined : kept));
    req.once("error", reject);
  });
  if (!chunks) return tooLarge;
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return {
      ok: false,
      status: 400,
      message: `Parse error: the body is not JSON (${(error as Error).message}). Fix: send one JSON-RPC message.`,
    };
  }
}
