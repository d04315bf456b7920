/**
 * Cursors continue a listing where a result stopped (page cap, item cap or byte budget). They are
 * opaque, signed with a per-process key so a model cannot forge one into a URL of its choosing, and the
 * URL inside is still checked against the API's allowlist and base path when used. The optional store
 * key points at items already fetched (cursor-store.ts), so resuming does not refetch them.
 */
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { ToolError } from "./tool-error.js";

export interface CursorState {
  /** API key of the description. */
  api: string;
  /** Environment origin for environment-url APIs. */
  environment: string | undefined;
  /** The page to fetch (absolute URL on the API's origin). */
  url: string;
  /** Items of that page already returned. */
  skip: number;
  /** The allowlisted headers of the original call (ConsistencyLevel / Prefer apply to every page). */
  headers: Record<string, string>;
  /** Key of the listing in the cursor store (items already fetched, the next link), if stored. */
  key?: string | undefined;
}

export const MAX_CURSOR_LENGTH = 6000;

let key: Buffer = randomBytes(32);

/**
 * Signs cursors with a key derived from `secret` instead of this process's random one, so that every
 * replica of a hosted server accepts the cursors of the others (each derives the same key).
 */
export function useSharedCursorKey(secret: Buffer): void {
  key = Buffer.from(hkdfSync("sha256", secret, Buffer.alloc(0), "entra-mcp cursor signing v1", 32));
}

function sign(payload: string): string {
  return createHmac("sha256", key).update(payload).digest("base64url").slice(0, 22);
}

// The JSON is deflated: page URLs can be long (a Dataverse FetchXML page carries the whole query and
// its paging cookie) and compress well, so cursors stay within MAX_CURSOR_LENGTH. Inflating happens
// only after the signature checks out, and is capped anyway.
const MAX_INFLATED_BYTES = 256 * 1024;

export function encodeCursor(state: CursorState): string {
  const payload = deflateRawSync(
    JSON.stringify({
      a: state.api,
      e: state.environment,
      u: state.url,
      s: state.skip,
      h: state.headers,
      k: state.key,
    }),
  ).toString("base64url");
  return `${payload}.${sign(payload)}`;
}

export function decodeCursor(cursor: string): CursorState {
  const [payload, mac, extra] = cursor.trim().split(".");
  const expected = payload ? sign(payload) : "";
  if (
    !payload ||
    !mac ||
    extra !== undefined ||
    mac.length !== expected.length ||
    !timingSafeEqual(Buffer.from(mac), Buffer.from(expected))
  ) {
    throw new ToolError(
      "InvalidCursor",
      "cursor is not one this server process issued (it may be from before a restart, or, in hosted mode, from another replica without the shared ENTRA_MCP_CACHE_KEY_SECRET). Fix: run the listing again without a cursor.",
    );
  }
  let json: string;
  try {
    json = inflateRawSync(Buffer.from(payload, "base64url"), {
      maxOutputLength: MAX_INFLATED_BYTES,
    }).toString("utf8");
  } catch {
    throw new ToolError(
      "InvalidCursor",
      "cursor could not be read. Fix: run the listing again without a cursor.",
    );
  }
  const data = JSON.parse(json) as {
    a: string;
    e?: string;
    u: string;
    s: number;
    h?: Record<string, string>;
    k?: string;
  };
  return {
    api: data.a,
    environment: data.e,
    url: data.u,
    skip: data.s,
    headers: data.h ?? {},
    ...(typeof data.k === "string" ? { key: data.k } : {}),
  };
}
