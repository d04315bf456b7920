/**
 * Stateless across replicas: two hosted processes behind one (imagined) load balancer, with the
 * shared cache key every replica needs anyway (ENTRA_MCP_CACHE_KEY here; ENTRA_MCP_CACHE_KEY_SECRET in
 * Key Vault in production). A cursor one replica issued resumes on the other (from its page URL, as
 * the other replica does not hold the listing); without a shared key the second replica refuses it.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpServerProcess, rpc, startHttpServer } from "../support/http-server.js";
import { userToken } from "../support/inbound-tokens.js";
import { startTestEmulator, type TestEmulator } from "../support/test-emulator.js";

interface ListResult {
  result: {
    isError?: boolean;
    content: Array<{ text: string }>;
    structuredContent?: { value: Array<{ id: string }>; nextCursor?: string };
    _meta?: Record<string, { code?: string }>;
  };
}

let t: TestEmulator;
let token: string;
beforeAll(async () => {
  t = await startTestEmulator();
  token = await userToken(t.emulator, 0);
});
afterAll(() => t?.emulator.stop());

async function list(server: HttpServerProcess, args: Record<string, unknown>): Promise<ListResult> {
  const response = await rpc(
    server.url,
    { id: 1, method: "tools/call", params: { name: "list_users", arguments: args } },
    { authorization: `Bearer ${token}` },
  );
  return (await response.json()) as ListResult;
}

async function pair(extra: Record<string, string>): Promise<[HttpServerProcess, HttpServerProcess]> {
  const env = t.env({ ENTRA_MCP_HTTP_PORT: "0", ...extra });
  return [await startHttpServer(env), await startHttpServer(env)];
}

describe("two replicas", () => {
  it("a cursor from one replica resumes on the other when they share the cache key", async () => {
    const [a, b] = await pair({ ENTRA_MCP_CACHE_KEY: randomBytes(32).toString("base64") });
    try {
      const first = await list(a, { pageSize: 2, top: 2 });
      const cursor = first.result.structuredContent?.nextCursor;
      expect(cursor).toBeTruthy();
      const next = await list(b, { cursor });
      expect(next.result.isError, JSON.stringify(next)).toBeFalsy();
      const ids = (page: ListResult) => page.result.structuredContent?.value.map((user) => user.id) ?? [];
      // It continues where the first replica stopped: the users after the first two, none repeated.
      const direct = await list(a, { pageSize: 10, top: 4 });
      expect(ids(next).slice(0, 2)).toEqual(ids(direct).slice(2, 4));
      expect(ids(next).some((id) => ids(first).includes(id))).toBe(false);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it("without a shared key the other replica refuses the cursor and says how to recover", async () => {
    const [a, b] = await pair({});
    try {
      const cursor = (await list(a, { pageSize: 2, top: 2 })).result.structuredContent?.nextCursor;
      const next = await list(b, { cursor });
      expect(next.result.isError).toBe(true);
      expect(next.result._meta?.["entra-mcp/error"]?.code).toBe("InvalidCursor");
      expect(next.result.content[0]?.text).toContain("Fix:");
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
