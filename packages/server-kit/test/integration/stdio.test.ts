/**
 * The server as a process: start-up needs no config and loads no auth library, stdout carries only
 * JSON-RPC in every path (config errors, Key Vault errors, a device-code sign-in), and the process
 * exits promptly when stdin closes or on SIGTERM.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataOf } from "../support/connect.js";
import { nonJsonRpcLines, spawnServer } from "../support/spawn-server.js";
import { startTestEmulator, type TestEmulator } from "../support/test-emulator.js";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(async () => {
  await t?.emulator.stop();
});

async function settledWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return Promise.race([
    promise.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms)),
  ]);
}

const AUTH_LIBRARIES = /@entra-mcp\/auth-core|packages\/auth-core|@azure|msal|node-forge|keytar|jose/;
/** The loaded files of auth libraries; auth-core's node-request.js (the kit's HTTP helper) loads no auth. */
const authLibrariesIn = (trace: string) =>
  trace
    .split("\n")
    .filter((line) => AUTH_LIBRARIES.test(line) && !line.endsWith("auth-core/dist/network/node-request.js"));
const text = (result: unknown) =>
  (result as CallToolResult).content.map((part) => (part.type === "text" ? part.text : "")).join("\n");

describe("start-up", () => {
  it("answers initialize and tools/list with no ENTRA_MCP_* config at all", async () => {
    const home = mkdtempSync(join(tmpdir(), "server-kit-empty-home-"));
    const traceFile = join(home, "imports.txt");
    const server = await spawnServer({ HOME: home, XDG_CONFIG_HOME: home }, { traceFile });
    try {
      expect(server.client.getServerVersion()?.name).toBe("entra-mcp-test");
      const { tools } = await server.client.listTools();
      expect(tools.map((tool) => tool.name)).toContain("list_users");
      const loaded = readFileSync(traceFile, "utf8");
      expect(loaded).toMatch(/@modelcontextprotocol\/sdk/);
      expect(authLibrariesIn(loaded)).toEqual([]);
      // The config error surfaces on the first call that needs auth, as a tool error with the fix.
      const call = await server.client.callTool({ name: "list_users", arguments: {} });
      expect(call.isError).toBe(true);
      expect(text(call)).toMatch(/ENTRA_MCP_TENANT_ID: is not set .* Fix: /);
    } finally {
      await server.close();
    }
    expect(nonJsonRpcLines(server.stdout())).toEqual([]);
  });

  it("with a full config still touches no network and loads no auth library until a call", async () => {
    const traceFile = join(t.home, "imports-configured.txt");
    t.emulator.clearRequests();
    const server = await spawnServer(t.env(), { traceFile });
    try {
      await server.client.listTools();
      await server.client.ping();
      expect(t.emulator.requests()).toEqual([]);
      expect(authLibrariesIn(readFileSync(traceFile, "utf8"))).toEqual([]);
      const call = await server.client.callTool({ name: "get_organization", arguments: {} });
      expect(call.isError, text(call)).toBeFalsy();
      expect(readFileSync(traceFile, "utf8")).toMatch(/auth-core/);
      // One Key Vault read (an unauthenticated challenge, then the authenticated GET of the secret).
      expect(t.emulator.requests({ origin: "vault", status: 200 }).length).toBe(1);
    } finally {
      await server.close();
    }
  });
});

describe("stdout purity", () => {
  it("only JSON-RPC on stdout when the auth config is broken", async () => {
    const server = await spawnServer(
      t.env({ ENTRA_MCP_TENANT_ID: "not a tenant!", ENTRA_MCP_LOG_LEVEL: "debug" }),
    );
    try {
      for (const name of ["list_users", "auth_status", "request"]) {
        const call = await server.client.callTool({
          name,
          arguments: name === "request" ? { path: "/users" } : {},
        });
        expect(call.isError).toBe(true);
        expect(text(call)).toMatch(/ENTRA_MCP_TENANT_ID: .* Fix: /);
      }
    } finally {
      await server.close();
    }
    expect(server.stdout().length).toBeGreaterThan(0);
    expect(nonJsonRpcLines(server.stdout())).toEqual([]);
    expect(server.stderr()).toMatch(/ENTRA_MCP_TENANT_ID/);
  });

  it("only JSON-RPC on stdout when Key Vault and MSAL fail (debug logging on)", async () => {
    const server = await spawnServer(
      t.env({ ENTRA_MCP_CERT_NAME: "no-such-cert", ENTRA_MCP_LOG_LEVEL: "debug" }),
    );
    try {
      const call = await server.client.callTool({ name: "list_users", arguments: {} });
      expect(call.isError).toBe(true);
      expect(text(call)).toMatch(/no-such-cert.*Fix: /);
    } finally {
      await server.close();
    }
    expect(nonJsonRpcLines(server.stdout())).toEqual([]);
  });

  it("a device-code sign-in prompts on stderr and as an MCP log message, never on stdout", async () => {
    let approved = false;
    const server = await spawnServer(
      t.env({ ENTRA_MCP_AUTH_MODE: "delegated", ENTRA_MCP_BROWSER: "none", ENTRA_MCP_LOG_LEVEL: "info" }),
      {
        onLog: (line) => {
          const code = /enter the code ([A-Z0-9]+)/i.exec(line)?.[1];
          if (code && !approved) {
            approved = true;
            setTimeout(() => t.emulator.approveDeviceCode(code), 100);
          }
        },
      },
    );
    try {
      const call = await server.client.callTool({ name: "get_me", arguments: {} });
      expect(call.isError, text(call)).toBeFalsy();
      expect(dataOf(call as CallToolResult)).toMatchObject({ userPrincipalName: t.emulator.tenant.user.upn });
      expect(approved).toBe(true);
      expect(server.logs.some((line) => /devicelogin/.test(line))).toBe(true);
    } finally {
      await server.close();
    }
    expect(server.stderr()).toMatch(/enter the code/);
    expect(nonJsonRpcLines(server.stdout())).toEqual([]);
    // On stdout the prompt exists only inside MCP logging notifications.
    const carriers = server
      .stdout()
      .split("\n")
      .filter((line) => /enter the code/.test(line))
      .map((line) => (JSON.parse(line) as { method?: string }).method);
    expect(carriers.length).toBeGreaterThan(0);
    expect(new Set(carriers)).toEqual(new Set(["notifications/message"]));
  });
});

describe("exit", () => {
  it("exits promptly when stdin closes", async () => {
    const server = await spawnServer(t.env());
    await server.client.listTools();
    const started = Date.now();
    server.child.stdin.end();
    expect(await server.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("exits promptly on SIGTERM, even with a call in flight", async () => {
    const server = await spawnServer(t.env());
    t.emulator.inject({ origin: "graph", delayMs: 10_000, count: 1 });
    const pending = server.client
      .callTool({ name: "get_organization", arguments: {} })
      .catch(() => undefined);
    // Wait until the token is issued; the call then sits in the delayed Graph request.
    t.emulator.clearRequests();
    while (t.tokenRequests() === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await settledWithin(pending, 500)).toBe(false);
    const started = Date.now();
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(2000);
    await server.client.close();
    await pending;
    t.emulator.clearFaults();
  });
});
