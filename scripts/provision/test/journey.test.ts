/**
 * The whole journey against an empty emulator tenant, with the built bin: --plan (no writes), provision,
 * a second provision (no writes, "Nothing to change."), doctor all green, then the graph and powerbi
 * servers started with ONLY the team config file and the teammate's own Azure login.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type EmptyTenant, type Emulator, startEmulator } from "@entra-mcp/emulator";
import { callTool, dataOf, textOf, valuesOf, withChildServer } from "@entra-mcp/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writesIn } from "./support/emulator-log.js";
import { jsonOf, privateHome, REPO_ROOT, removePrivateHomes, runCli } from "./support/run-cli.js";

let emulator: Emulator<EmptyTenant>;
let env: NodeJS.ProcessEnv;
let configPath: string;
let teammateUpn: string;

beforeAll(async () => {
  emulator = await startEmulator({ seed: "empty", caDir: process.env.ENTRA_MCP_EMULATOR_CA_DIR });
  const { home, env: homeEnv } = privateHome();
  env = { ...emulator.env, ...homeEnv };
  configPath = join(home, "team", "config.json");
  teammateUpn = emulator.env.ENTRA_MCP_EMULATOR_TEAMMATE_USER_UPN ?? "teammate@contoso.test";
});
afterAll(async () => {
  await emulator?.stop();
  removePrivateHomes();
});

const provisionArgs = () => [
  "provision",
  "--user",
  teammateUpn,
  "--workspace",
  "Sales Analytics",
  "--environment",
  emulator.urls.dataverse,
  "--config-out",
  configPath,
  "--yes",
];

describe("provision journey (empty tenant)", () => {
  it("--plan on an empty tenant lists every change and sends no write", async () => {
    emulator.clearRequests();
    const result = await runCli([...provisionArgs(), "--plan", "--json"], env);
    expect(result.code, result.stderr).toBe(0);
    expect(writesIn(emulator)).toEqual([]);
    const summary = jsonOf(result);
    expect(summary).toMatchObject({
      command: "provision",
      ok: true,
      plan: true,
      applied: false,
      nothingToChange: false,
    });
    expect((summary.requests as { writes: number }).writes).toBe(0);
    expect(summary.changes).toBeGreaterThanOrEqual(10);
    expect(result.stderr).toContain('+ would create app registration "entra-mcp"');
    expect(result.stderr).toContain("--plan: nothing was changed.");
    expect(() => readFileSync(configPath)).toThrow();
  });

  it("provision sets everything up and writes the team config file", async () => {
    const result = await runCli(provisionArgs(), env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/Done: \d+ change\(s\) applied\./);
    const config = JSON.parse(readFileSync(configPath, "utf8"));
    expect(Object.keys(config).sort()).toEqual(["certName", "clientId", "cloud", "keyVaultUrl", "tenantId"]);
    expect(config).toMatchObject({
      tenantId: emulator.tenant.tenantId,
      keyVaultUrl: emulator.env.ENTRA_MCP_KEYVAULT_URL,
      certName: "entra-mcp-cert",
      cloud: emulator.env.ENTRA_MCP_CLOUD,
    });
    const app = emulator.directory.getApplication(config.clientId);
    expect(app?.publicClientRedirectUris).toContain("http://localhost");
    expect(app?.keyCredentials).toHaveLength(1);
    // The exact install lines for every server, on stdout.
    expect(result.stdout).toContain(
      `claude mcp add entra-mcp-graph -e ENTRA_MCP_TENANT_ID=${config.tenantId}`,
    );
    expect(result.stdout).toContain("-- npx -y @entra-mcp/powerbi");
    expect(result.stdout).toContain('"mcpServers"');
    // Nothing secret anywhere in what was printed.
    expect(`${result.stdout}${result.stderr}`).not.toMatch(
      /BEGIN [A-Z ]*PRIVATE KEY|eyJ[A-Za-z0-9_-]{10,}\.eyJ/,
    );
  });

  it("a second run changes nothing, sends no write and says so; --json is one JSON document", async () => {
    emulator.clearRequests();
    // --platform win32: the lines a teammate on native Windows pastes (npx through cmd /c).
    const result = await runCli([...provisionArgs(), "--json", "--platform", "win32"], env);
    expect(result.code, result.stderr).toBe(0);
    expect(writesIn(emulator)).toEqual([]);
    expect(result.stderr).toContain("Nothing to change.");
    const summary = jsonOf(result); // throws unless stdout is exactly one JSON document
    expect(summary).toMatchObject({ ok: true, changes: 0, nothingToChange: true, requests: { writes: 0 } });
    const servers = summary.servers as {
      platform: string;
      claudeCode: string;
      claudeDesktop: { mcpServers: Record<string, { command: string; args: string[] }> };
    }[];
    expect(servers.length).toBe(4);
    const graph = servers.find((line) => line.claudeCode.includes("entra-mcp-graph"));
    expect(graph?.platform).toBe("win32");
    expect(graph?.claudeCode).toMatch(/ -- cmd \/c npx -y @entra-mcp\/graph$/);
    expect(graph?.claudeDesktop.mcpServers["entra-mcp-graph"]).toMatchObject({
      command: "cmd",
      args: ["/c", "npx", "-y", "@entra-mcp/graph"],
    });
  });

  it("doctor is all green with the real configuration", async () => {
    const result = await runCli(["doctor", "--json"], { ...env, ENTRA_MCP_CONFIG: configPath });
    expect(result.code, result.stderr).toBe(0);
    const report = jsonOf(result) as { ok: boolean; checks: { id: string; status: string }[] };
    expect(report.ok).toBe(true);
    const byId = Object.fromEntries(report.checks.map((check) => [check.id, check.status]));
    for (const id of [
      "config",
      "credential",
      "vault-reachable",
      "vault-role",
      "certificate",
      "app-key",
      "consent:graph",
      "consent:powerbi",
      "consent:fabric",
      "consent:powerplatform",
      "redirect-uri",
      "client-secrets",
      "token-cache",
      "token:graph",
      "token:powerbi",
    ]) {
      expect(byId[id], `${id}\n${result.stderr}`).toBe("pass");
    }
  });

  it("the graph and powerbi servers work with only the team config and the teammate's own login", async () => {
    const { env: homeEnv } = privateHome();
    const serverEnv: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      ...homeEnv,
      ENTRA_MCP_CONFIG: configPath,
      AZURE_CLIENT_ID: emulator.env.ENTRA_MCP_EMULATOR_TEAMMATE_CLIENT_ID,
      AZURE_CLIENT_SECRET: emulator.env.ENTRA_MCP_EMULATOR_TEAMMATE_CLIENT_SECRET,
      AZURE_TENANT_ID: emulator.tenant.tenantId,
      AZURE_AUTHORITY_HOST: emulator.env.AZURE_AUTHORITY_HOST,
      AZURE_TOKEN_CREDENTIALS: "EnvironmentCredential",
      NODE_EXTRA_CA_CERTS: emulator.env.NODE_EXTRA_CA_CERTS,
      NO_PROXY: emulator.env.NO_PROXY,
    };
    await withChildServer(
      join(REPO_ROOT, "servers/graph/dist/package/dist/launch.mjs"),
      serverEnv,
      async (server) => {
        const result = await callTool(server, "list_users", { top: 3 });
        expect(result.isError, textOf(result)).toBeFalsy();
        expect(valuesOf(result).length).toBeGreaterThan(0);
      },
    );
    await withChildServer(
      join(REPO_ROOT, "servers/powerbi/dist/package/dist/launch.mjs"),
      serverEnv,
      async (server) => {
        const result = await callTool(server, "list_workspaces");
        expect(result.isError, textOf(result)).toBeFalsy();
        expect(JSON.stringify(dataOf(result))).toContain("Sales Analytics");
      },
    );
    // The teammate's login read the certificate: the role granted to the teammate user applies.
    const secretReads = emulator.requests({ origin: "vault", method: "GET", path: "/secrets/", status: 200 });
    expect(
      secretReads.some((entry) => entry.appid === emulator.env.ENTRA_MCP_EMULATOR_TEAMMATE_CLIENT_ID),
    ).toBe(true);
  });
});
