/** Key Vault failures reach the user as named errors with the command that fixes them. */
import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuth, type EntraMcpError, fetchCertificate, loadAuthConfig } from "../../src/index.js";
import { startTestEmulator, type TestEmulator, useTeammateLogin } from "../support/test-emulator.js";

const GRAPH = "https://graph.microsoft.com/.default";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
  useTeammateLogin(t.emulator);
});
afterAll(() => t.emulator.stop());

async function failure(env: NodeJS.ProcessEnv): Promise<EntraMcpError> {
  const error = await createAuth(loadAuthConfig(env))
    .getToken([GRAPH])
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(Error);
  return error as EntraMcpError;
}

/** A port nothing listens on: bind, read the port, close. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A local TCP server that does `onConnection` with every connection; stopped by the returned function. */
async function tcpServer(
  onConnection: (socket: Socket) => void,
): Promise<{ port: number; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    stop: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe("Key Vault errors", () => {
  it("403 without the role names the role and the az role assignment line", async () => {
    const teammate = t.emulator.tenant.teammate.objectId;
    t.emulator.vault.removeRole(teammate, "Key Vault Certificate User");
    try {
      const error = await failure(t.env());
      expect(error.code).toBe("VAULT_FORBIDDEN");
      expect(error.message).toContain("Key Vault Certificate User");
      expect(error.fix).toMatch(/az role assignment create --role "Key Vault Certificate User"/);
    } finally {
      t.emulator.vault.assignRole(teammate, "Key Vault Certificate User");
    }
  });

  it("404 names the certificate", async () => {
    const error = await failure(t.env({ ENTRA_MCP_CERT_NAME: "no-such-cert" }));
    expect(error.code).toBe("CERTIFICATE_NOT_FOUND");
    expect(error.message).toContain('"no-such-cert"');
    expect(error.fix).toMatch(/az keyvault certificate list/);
  });

  it("404 for a missing version names the version", async () => {
    const error = await fetchCertificate(t.emulator.urls.vault, t.emulator.tenant.certName, undefined, {
      version: "0123456789abcdef0123456789abcdef",
      cloud: loadAuthConfig(t.env()).cloud,
    }).then(
      () => undefined,
      (e: unknown) => e as EntraMcpError,
    );
    expect(error?.code).toBe("CERTIFICATE_NOT_FOUND");
    expect(error?.message).toContain("version 0123456789abcdef0123456789abcdef");
  });

  it("a disabled certificate says so and how to enable it", async () => {
    const name = t.emulator.tenant.certName;
    t.emulator.vault.setEnabled(name, false);
    try {
      const error = await failure(t.env());
      expect(error.code).toBe("CERTIFICATE_DISABLED");
      expect(error.fix).toMatch(/set-attributes .* --enabled true/);
    } finally {
      t.emulator.vault.setEnabled(name, true);
    }
  });

  it("an unreachable vault is reported as such", async () => {
    const port = await closedPort();
    const error = await failure(t.env({ ENTRA_MCP_KEYVAULT_URL: `https://127.0.0.1:${port}` }));
    expect(error.code).toBe("VAULT_UNREACHABLE");
    expect(error.message).toContain(`https://127.0.0.1:${port}`);
    expect(error.fix).toMatch(/network|proxy|firewall/);
  });

  it("a vault that drops every connection gives up after a short retry budget, with the unreachable message", async () => {
    // Connection refused and reset take the same retry path in the Azure SDK; a server that resets
    // lets the test see when the first attempt was made, so module loading is not part of the figure.
    const attempts: number[] = [];
    const vault = await tcpServer((socket) => {
      attempts.push(Date.now());
      socket.resetAndDestroy();
    });
    try {
      const error = await failure(t.env({ ENTRA_MCP_KEYVAULT_URL: `https://127.0.0.1:${vault.port}` }));
      const afterFirstAttemptMs = Date.now() - (attempts[0] ?? Date.now());
      expect(error.code).toBe("VAULT_UNREACHABLE");
      expect(error.message).toContain(`https://127.0.0.1:${vault.port} cannot be reached`);
      expect(error.fix).toMatch(/network|proxy|firewall/);
      expect(attempts.length).toBeGreaterThan(1); // still retried: a blip is not an outage
      // A guard, not the target: the old retry policy took about 6 s; the <= 2 s target is measured by
      // `pnpm bench:auth` (a fixed wall-clock bound here would flake on a loaded CI machine).
      expect(afterFirstAttemptMs).toBeLessThan(4500);
    } finally {
      await vault.stop();
    }
  });

  it("a vault that accepts connections but never answers times out at ENTRA_MCP_AUTH_TIMEOUT_SECONDS", async () => {
    let connections = 0;
    const vault = await tcpServer(() => {
      connections++; // and never a byte back, not even a TLS handshake
    });
    try {
      const started = Date.now();
      const error = await failure(
        t.env({
          ENTRA_MCP_KEYVAULT_URL: `https://127.0.0.1:${vault.port}`,
          ENTRA_MCP_AUTH_TIMEOUT_SECONDS: "0.7",
        }),
      );
      const elapsedMs = Date.now() - started;
      expect(connections).toBeGreaterThan(0);
      expect(error.code).toBe("VAULT_UNREACHABLE");
      expect(error.message).toContain(`https://127.0.0.1:${vault.port} did not answer within 0.7 s`);
      expect(error.fix).toMatch(/ENTRA_MCP_AUTH_TIMEOUT_SECONDS/);
      expect(error.fix).toMatch(/network|proxy|firewall/);
      expect(elapsedMs).toBeGreaterThanOrEqual(650);
      expect(elapsedMs).toBeLessThan(10_000); // before the deadline existed no error came in 70 s
    } finally {
      await vault.stop();
    }
  });
});
