/**
 * `rotate` while a server process is running: the vault gets a new version, the app gets its key,
 * a token proves it, the old key goes — and the running server's next tool call still succeeds
 * without a restart (auth-core re-reads the newest version on AADSTS700027).
 */
import { X509Certificate } from "node:crypto";
import { join } from "node:path";
import { type EmptyTenant, type Emulator, startEmulator } from "@entra-mcp/emulator";
import { callTool, textOf, withChildServer } from "@entra-mcp/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { thumbprintsOf } from "../src/certificates/thumbprints.js";
import { jsonOf, privateHome, REPO_ROOT, removePrivateHomes, runCli } from "./support/run-cli.js";

let emulator: Emulator<EmptyTenant>;
let adminEnv: NodeJS.ProcessEnv;
let serverEnv: NodeJS.ProcessEnv;
let clientId: string;

beforeAll(async () => {
  // Tokens shorter than MSAL's 5-minute refresh buffer: every tool call asks Entra ID again, so the
  // call after the rotation really signs a new client assertion instead of reusing a token.
  emulator = await startEmulator({
    seed: "empty",
    caDir: process.env.ENTRA_MCP_EMULATOR_CA_DIR,
    accessTokenLifetimeSeconds: 120,
  });
  const { home, env: homeEnv } = privateHome();
  const configPath = join(home, "config.json");
  adminEnv = { ...emulator.env, ...homeEnv, ENTRA_MCP_CONFIG: configPath };
  const upn = emulator.env.ENTRA_MCP_EMULATOR_TEAMMATE_USER_UPN ?? "teammate@contoso.test";
  const provisioned = await runCli(
    ["provision", "--servers", "graph", "--user", upn, "--yes", "--json"],
    adminEnv,
  );
  expect(provisioned.code, provisioned.stderr).toBe(0);
  clientId = (jsonOf(provisioned).app as { clientId: string }).clientId;
  serverEnv = {
    PATH: process.env.PATH,
    ...privateHome().env,
    ENTRA_MCP_CONFIG: configPath,
    AZURE_CLIENT_ID: emulator.env.ENTRA_MCP_EMULATOR_TEAMMATE_CLIENT_ID,
    AZURE_CLIENT_SECRET: emulator.env.ENTRA_MCP_EMULATOR_TEAMMATE_CLIENT_SECRET,
    AZURE_TENANT_ID: emulator.tenant.tenantId,
    AZURE_AUTHORITY_HOST: emulator.env.AZURE_AUTHORITY_HOST,
    AZURE_TOKEN_CREDENTIALS: "EnvironmentCredential",
    NODE_EXTRA_CA_CERTS: emulator.env.NODE_EXTRA_CA_CERTS,
    NO_PROXY: emulator.env.NO_PROXY,
  };
});
afterAll(async () => {
  await emulator?.stop();
  removePrivateHomes();
});

const registeredThumbprints = () =>
  emulator.directory.requireApp(clientId).keyCredentials.map((key) => key.thumbprintSha1Hex);

describe("rotate", () => {
  it("keeps a running server working without a restart", async () => {
    const before = registeredThumbprints();
    expect(before).toHaveLength(1);
    await withChildServer(
      join(REPO_ROOT, "servers/graph/dist/package/dist/launch.mjs"),
      serverEnv,
      async (server) => {
        const first = await callTool(server, "list_users", { top: 2 });
        expect(first.isError, textOf(first)).toBeFalsy();

        const rotated = await runCli(["rotate", "--json"], adminEnv);
        expect(rotated.code, rotated.stderr).toBe(0);
        const summary = jsonOf(rotated) as {
          previous: { thumbprintSha1: string; removedFromApp: boolean };
          current: { thumbprintSha1: string; version: string };
          proof: { audience: string };
        };
        expect(summary.previous.thumbprintSha1).toBe(before[0]);
        expect(summary.previous.removedFromApp).toBe(true);
        expect(summary.current.thumbprintSha1).not.toBe(before[0]);
        expect(summary.proof.audience).toBe("https://graph.microsoft.com");
        expect(rotated.stderr).toContain("token acquired with");
        // Only the new key is left on the app, and it is the vault's newest version.
        const newest = emulator.vault.getCertificate("entra-mcp-cert");
        expect(newest?.version).toBe(summary.current.version);
        expect(registeredThumbprints()).toEqual([summary.current.thumbprintSha1]);
        const der = new X509Certificate(newest?.material.certificatePem ?? "").raw;
        expect(thumbprintsOf(der).sha1).toBe(summary.current.thumbprintSha1);

        emulator.clearRequests();
        const second = await callTool(server, "list_users", { top: 2 });
        expect(second.isError, textOf(second)).toBeFalsy();
        // The server was refused with its old key, re-read the vault's newest version and got a token.
        const appTokenRequests = emulator.requests(
          (entry) => entry.origin === "login" && entry.method === "POST" && entry.clientId === clientId,
        );
        expect(appTokenRequests.map((entry) => entry.status)).toEqual([401, 200]);
        expect(
          emulator.requests({ origin: "vault", method: "GET", path: "/secrets/", status: 200 }),
        ).toHaveLength(1);
      },
    );
  });

  it("doctor is green after the rotation", async () => {
    const run = await runCli(["doctor", "--server", "graph", "--json"], adminEnv);
    expect(run.code, run.stderr).toBe(0);
  });
});
