/**
 * The developer's vault credential and MSAL share one keep-alive connection to the authority:
 * counted by the client ports in the emulator's request log, with the real Azure SDK and MSAL.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage } from "node:http";
import { globalAgent } from "node:https";
import { type AddressInfo, connect } from "node:net";
import type { Duplex } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuth, loadAuthConfig } from "../../src/index.js";
import { startTestEmulator, type TestEmulator, useTeammateLogin } from "../support/test-emulator.js";

// A proxy set on the machine would change which agent the SDK uses: the tests set their own.
const PROXY_VARIABLES = ["HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "NO_PROXY"].flatMap((name) => [
  name,
  name.toLowerCase(),
]);
const machineProxy = Object.fromEntries(PROXY_VARIABLES.map((name) => [name, process.env[name]]));

let t: TestEmulator;
beforeAll(async () => {
  for (const name of PROXY_VARIABLES) delete process.env[name];
  t = await startTestEmulator();
  useTeammateLogin(t.emulator);
});
afterAll(async () => {
  await t.emulator.stop();
  for (const [name, value] of Object.entries(machineProxy))
    if (value !== undefined) process.env[name] = value;
});

const loginHost = () => new URL(t.emulator.requests().find((r) => r.origin === "login")?.url ?? "").host;

/** A CONNECT proxy on 127.0.0.1 that records the host:port of each tunnel it opens. */
async function startConnectProxy() {
  const tunnels: string[] = [];
  const sockets = new Set<Duplex>();
  const server = createServer();
  server.on("connect", (request: IncomingMessage, client: Duplex, head: Buffer) => {
    tunnels.push(request.url ?? "");
    const [host, port] = (request.url ?? "").split(":");
    sockets.add(client);
    const upstream = connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tunnels,
    close: () => {
      // Tunnels leave the HTTP server's hands once upgraded: they are ended here.
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

const connections = (origin: string) => {
  const requests = t.emulator.requests().filter((r) => r.origin === origin);
  expect(requests.every((r) => typeof r.clientPort === "number")).toBe(true);
  return { requests: requests.length, connections: new Set(requests.map((r) => r.clientPort)).size };
};

describe("connections on the way to the first token", () => {
  it("opens one connection to the authority for the developer's token and the app's", async () => {
    globalAgent.destroy();
    t.emulator.clearRequests();
    const auth = createAuth(loadAuthConfig(t.env()));
    await auth.getToken(["https://graph.microsoft.com/.default"]);
    const grants = t.emulator.requests().filter((r) => r.origin === "login" && r.grantType);
    // The developer's credential and MSAL each asked for a token (different clients).
    expect(new Set(grants.map((r) => r.clientId)).size).toBe(2);
    expect(connections("login")).toEqual({ requests: 3, connections: 1 });
    expect(connections("vault")).toEqual({ requests: 2, connections: 1 });
  });

  it("with a proxy configured, the SDK keeps its own agents, and so its proxy handling", async () => {
    const proxy = await startConnectProxy();
    process.env.HTTPS_PROXY = proxy.url;
    try {
      globalAgent.destroy();
      t.emulator.clearRequests();
      const auth = createAuth(loadAuthConfig(t.env()));
      await auth.getToken(["https://graph.microsoft.com/.default"]);
      // The SDK's requests went through the proxy (its proxy agent opens a tunnel per request):
      // the vault's two and the developer's credential's two at the authority.
      const vaultHost = new URL(t.env().ENTRA_MCP_KEYVAULT_URL as string).host;
      expect(proxy.tunnels.filter((host) => host === vaultHost)).toHaveLength(2);
      expect(proxy.tunnels.filter((host) => host === loginHost())).toHaveLength(2);
      expect(connections("login").connections).toBeGreaterThan(1);
    } finally {
      delete process.env.HTTPS_PROXY;
      await proxy.close();
    }
  });
});
