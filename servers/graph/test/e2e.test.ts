/**
 * End to end: the BUILT bin spawned over stdio, driven by the MCP SDK Client, against the emulator's
 * Entra ID, Key Vault and Microsoft Graph — app-only, delegated, and with auth failing. Network
 * behaviour is asserted on the emulator's request log; stdout must carry nothing but JSON-RPC.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  callTool as call,
  dataOf,
  startTestEmulator,
  type TestEmulator,
  textOf,
  valuesOf,
  withChildServer,
} from "@entra-mcp/test-support";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../dist/package/dist/launch.mjs", import.meta.url));
const GRAPH_AUDIENCE = "https://graph.microsoft.com";

let t: TestEmulator;
beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npx turbo run build\` first.`);
  t = await startTestEmulator();
});
afterAll(async () => t?.emulator.stop());
beforeEach(() => t.emulator.clearRequests());

describe("entra-mcp-graph (built bin over stdio) against the emulator", () => {
  it("app-only: list_users returns the tenant's users; one Key Vault read; Graph audience at the Graph origin", async () => {
    await withChildServer(BIN, t.appEnv(), async (server) => {
      const result = await call(server, "list_users", { top: 50 });
      expect(result.isError, textOf(result)).toBeFalsy();
      expect(JSON.stringify(dataOf(result))).toContain(t.emulator.tenant.user.upn);
      // More calls in the same process reuse the certificate and the token.
      const user = await call(server, "get_user", { userId: t.emulator.tenant.user.upn });
      expect(user.isError, textOf(user)).toBeFalsy();
      expect(dataOf(user)).toMatchObject({ userPrincipalName: t.emulator.tenant.user.upn });
      // Plain words become a quoted displayName $search, sent with ConsistencyLevel: eventual.
      const found = await call(server, "list_users", {
        search: "Adele",
        select: "displayName,userPrincipalName",
      });
      expect(found.isError, textOf(found)).toBeFalsy();
      const names = valuesOf(found).map((user) => user.displayName);
      expect(names).toEqual(["Adele Vance"]);
    });
    t.expectTraffic({ graph: GRAPH_AUDIENCE }, 1);
    // One app token for both calls (the teammate's own vault login is another client_credentials grant).
    const appGrants = t.emulator.requests(
      (entry) => entry.grantType === "client_credentials" && entry.clientId === t.emulator.tenant.clientId,
    );
    expect(appGrants).toHaveLength(1);
  });

  it("app-only: get_me explains that it needs delegated mode", async () => {
    await withChildServer(BIN, t.appEnv(), async (server) => {
      const result = await call(server, "get_me");
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/ENTRA_MCP_AUTH_MODE=delegated/);
    });
  });

  it("delegated: signs in through the browser once; get_me, list_messages and send_mail act as the user", async () => {
    const env = t.delegatedEnv({ ENTRA_MCP_ALLOW_WRITES: "true" });
    await withChildServer(BIN, env, async (server) => {
      const me = await call(server, "get_me");
      expect(me.isError, textOf(me)).toBeFalsy();
      expect(dataOf(me)).toMatchObject({
        id: t.emulator.tenant.user.oid,
        userPrincipalName: t.emulator.tenant.user.upn,
      });
      const inbox = await call(server, "list_messages", { top: 5 });
      expect(inbox.isError, textOf(inbox)).toBeFalsy();
      const messages = valuesOf(inbox);
      // top means "at most 5" to the model, even though the API pages; the rest is behind a cursor.
      expect(t.emulator.graph.listMessages(t.emulator.tenant.user.oid).length).toBeGreaterThan(5);
      expect(messages).toHaveLength(5);
      expect(dataOf(inbox)?.nextCursor).toEqual(expect.any(String));
      // The default $select keeps each message small: no body, just the preview.
      expect(Object.keys(messages[0] ?? {})).not.toContain("body");
      expect(messages[0]).toHaveProperty("subject");
      const sent = await call(server, "send_mail", {
        to: [`megan@${t.emulator.tenant.user.upn.split("@")[1]}`],
        subject: "entra-mcp e2e",
        body: "Hello from the graph server.",
      });
      expect(sent.isError, textOf(sent)).toBeFalsy();
    });
    expect(t.emulator.sentMail().map((mail) => [mail.senderUpn, mail.subject])).toEqual([
      [t.emulator.tenant.user.upn, "entra-mcp e2e"],
    ]);
    t.expectTraffic({ graph: GRAPH_AUDIENCE }, 0);
    for (const entry of t.emulator.requests({ origin: "graph" }))
      expect(entry.oid).toBe(t.emulator.tenant.user.oid);
    expect(t.emulator.requests({ origin: "login", grantType: "authorization_code" })).toHaveLength(1);
  });

  it("auth failure (unknown certificate name): a readable tool error, no Graph request, stdout stays pure", async () => {
    await withChildServer(BIN, t.appEnv({ ENTRA_MCP_CERT_NAME: "no-such-certificate" }), async (server) => {
      const result = await call(server, "list_users");
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain("no-such-certificate");
      // The server stays up after the failure.
      const tools = await server.client.listTools();
      expect(tools.tools.length).toBeGreaterThan(0);
    });
    expect(t.emulator.requests({ origin: "graph" })).toEqual([]);
  });
});
