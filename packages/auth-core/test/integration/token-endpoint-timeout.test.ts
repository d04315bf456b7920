/**
 * A token endpoint that accepts connections but never answers: the token request gives up at
 * ENTRA_MCP_AUTH_TIMEOUT_SECONDS with a clear error instead of hanging. The "endpoint" is a local TCP
 * server (no byte back, not even a TLS handshake) named as the authority host of a custom cloud; the
 * certificate is a local file, so no Key Vault is involved.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSelfSignedCertificate } from "@entra-mcp/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuth, type EntraMcpError, loadAuthConfig } from "../../src/index.js";
import { startTestEmulator, type TestEmulator } from "../support/test-emulator.js";

const GRAPH = "https://graph.microsoft.com/.default";

let t: TestEmulator;
let dir: string;
let connections = 0;
const sockets = new Set<Socket>();
const silent = createServer((socket) => {
  connections++;
  sockets.add(socket);
  socket.on("error", () => undefined);
});
let silentPort = 0;

beforeAll(async () => {
  t = await startTestEmulator();
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  silentPort = (silent.address() as { port: number }).port;
  dir = mkdtempSync(join(tmpdir(), "entra-mcp-silent-login-"));
  const cloud = JSON.parse(readFileSync(t.emulator.cloudPath, "utf8")) as Record<string, unknown>;
  writeFileSync(
    join(dir, "cloud.json"),
    JSON.stringify({ ...cloud, name: "silent-login", authorityHost: `https://127.0.0.1:${silentPort}` }),
  );
  const certificate = createSelfSignedCertificate({ subject: "CN=silent-login" });
  writeFileSync(join(dir, "dev.pem"), `${certificate.privateKeyPem}${certificate.certificatePem}`, {
    mode: 0o600,
  });
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
  rmSync(dir, { recursive: true, force: true });
  await t.emulator.stop();
});

describe("token endpoint deadline", () => {
  it("an app-only token request to a silent token endpoint fails at the deadline, naming the endpoint", async () => {
    const auth = createAuth(
      loadAuthConfig(
        t.env({
          ENTRA_MCP_CLOUD: join(dir, "cloud.json"),
          ENTRA_MCP_KEYVAULT_URL: undefined,
          ENTRA_MCP_CERT_NAME: undefined,
          ENTRA_MCP_CERT_PATH: join(dir, "dev.pem"),
          ENTRA_MCP_AUTH_TIMEOUT_SECONDS: "0.7",
        }),
      ),
      { persistentCache: false },
    );
    const started = Date.now();
    const error = (await auth.getToken([GRAPH]).catch((e: unknown) => e)) as EntraMcpError;
    const elapsedMs = Date.now() - started;
    expect(error).toBeInstanceOf(Error);
    expect(connections).toBeGreaterThan(0);
    expect(error.code).toBe("TOKEN_REQUEST_FAILED");
    expect(error.message).toContain(`https://127.0.0.1:${silentPort}`);
    expect(error.message).toMatch(/did not answer within 0\.7 s/);
    expect(error.fix).toMatch(/ENTRA_MCP_AUTH_TIMEOUT_SECONDS/);
    expect(elapsedMs).toBeGreaterThanOrEqual(650);
    expect(elapsedMs).toBeLessThan(10_000);
  }, 20_000);

  it("a delegated sign-in (device code) against a silent endpoint fails at the deadline too", async () => {
    const before = connections;
    const auth = createAuth(
      loadAuthConfig(
        t.env({
          ENTRA_MCP_CLOUD: join(dir, "cloud.json"),
          ENTRA_MCP_AUTH_MODE: "delegated",
          ENTRA_MCP_BROWSER: "none",
          ENTRA_MCP_KEYVAULT_URL: undefined,
          ENTRA_MCP_CERT_NAME: undefined,
          ENTRA_MCP_AUTH_TIMEOUT_SECONDS: "0.7",
        }),
      ),
      { persistentCache: false, signInTimeoutMs: 20_000 },
    );
    const started = Date.now();
    const error = (await auth.getToken([GRAPH]).catch((e: unknown) => e)) as EntraMcpError;
    const elapsedMs = Date.now() - started;
    expect(connections).toBeGreaterThan(before);
    expect(error.message).toMatch(
      /delegated token request .* timed out: https:\/\/127\.0\.0\.1:\d+ did not answer within 0\.7 s/,
    );
    expect(error.fix).toMatch(/ENTRA_MCP_AUTH_TIMEOUT_SECONDS/);
    expect(elapsedMs).toBeLessThan(10_000);
  }, 20_000);
});
