/**
 * Hosted team mode against an empty emulator tenant, with the built bin and the built graph server:
 * `provision --hosted` exposes the app's API (plan: 0 writes; apply; second run: 0 writes, from the
 * emulator's request log), prints the client configuration and the server's environment; then
 * `doctor --hosted <url>` against a real hosted graph server: green with one On-Behalf-Of round trip,
 * and each failure (server down, another tenant's authority, the scope missing) with its fix.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type EmptyTenant, type Emulator, startEmulator } from "@entra-mcp/emulator";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { writesIn } from "./support/emulator-log.js";
import { freePort, type HostedServer, SCRIPTED_BROWSER, startHostedGraph } from "./support/hosted-server.js";
import { type CliResult, jsonOf, privateHome, removePrivateHomes, runCli } from "./support/run-cli.js";

interface Check {
  id: string;
  status: "pass" | "fail" | "warn" | "skip";
  detail: string;
  fix?: string;
}

const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
let emulator: Emulator<EmptyTenant>;
let env: NodeJS.ProcessEnv;
let configPath: string;
let publicUrl: string;
let port: number;
let mcpClient: string;
const servers: HostedServer[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ seed: "empty", caDir: process.env.ENTRA_MCP_EMULATOR_CA_DIR });
  const { home, env: homeEnv } = privateHome();
  configPath = join(home, "config.json");
  env = { ...emulator.env, ...homeEnv, ENTRA_MCP_CONFIG: configPath, ENTRA_MCP_BROWSER: SCRIPTED_BROWSER };
  port = await freePort();
  publicUrl = `http://127.0.0.1:${port}/mcp`;
  mcpClient = emulator.env.ENTRA_MCP_EMULATOR_CLIENT_ID as string;
});
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});
afterAll(async () => {
  await emulator?.stop();
  removePrivateHomes();
});

const hostedArgs = (...more: string[]) => [
  "provision",
  "--servers",
  "graph",
  "--hosted",
  "--public-url",
  publicUrl,
  "--preauthorize",
  mcpClient,
  ...more,
];

const clientId = () => (JSON.parse(readFileSync(configPath, "utf8")) as { clientId: string }).clientId;

async function doctor(url: string, extraEnv: NodeJS.ProcessEnv = {}) {
  const result = await runCli(["doctor", "--server", "graph", "--hosted", url, "--json"], {
    ...env,
    ...extraEnv,
  });
  const report = jsonOf(result) as { checks: Check[] };
  return { result, checks: Object.fromEntries(report.checks.map((check) => [check.id, check])) };
}

function expectHostedFailure(
  run: { result: CliResult; checks: Record<string, Check> },
  id: string,
  reason: RegExp,
  fix: string | RegExp,
) {
  expect(run.result.code, run.result.stderr).toBe(1);
  expect(run.checks[id]?.status, run.result.stderr).toBe("fail");
  expect(run.checks[id]?.detail).toMatch(reason);
  if (typeof fix === "string") expect(run.checks[id]?.fix).toBe(fix);
  else expect(run.checks[id]?.fix).toMatch(fix);
  expect(run.result.stderr).toContain(`Fix: ${run.checks[id]?.fix}`);
}

/** The hosted graph server with the team config file and the admin's Azure login for the vault. */
function startServer(extra: NodeJS.ProcessEnv = {}): Promise<HostedServer> {
  const { env: homeEnv } = privateHome();
  return startHostedGraph(
    { ...emulator.env, ...homeEnv, ENTRA_MCP_CONFIG: configPath, ENTRA_MCP_PUBLIC_URL: publicUrl, ...extra },
    port,
  ).then((server) => {
    servers.push(server);
    return server;
  });
}

describe("provision --hosted", () => {
  it("refuses bad input before any request: plain http off loopback, a malformed client ID, flags without --hosted", async () => {
    emulator.clearRequests();
    const cases: [string[], RegExp][] = [
      [["provision", "--hosted", "--public-url", "http://mcp.contoso.com/graph"], /not https .*loopback/],
      [["provision", "--hosted", "--public-url", "not a url"], /is not a URL/],
      [["provision", "--hosted"], /hosted server's URL is missing/],
      [["provision", "--hosted", "--public-url", "https://mcp.contoso.com/graph?x=1"], /query, fragment/],
      [
        [...hostedArgs().slice(0, 6), "--preauthorize", "vscode"],
        /--preauthorize: "vscode" is not a client ID/,
      ],
      [["provision", "--public-url", "https://mcp.contoso.com/graph"], /only applies to hosted mode/],
      [
        ["provision", "--servers", "graph,powerbi", "--hosted", "--public-url", "https://mcp.contoso.com"],
        /one server at one URL/,
      ],
      [["doctor", "--hosted", "ftp://mcp.contoso.com"], /--hosted: "ftp:\/\/mcp.contoso.com" is not https/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args, env);
      expect(result.code, `${args.join(" ")}\n${result.stderr}`).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toMatch(/Fix: /);
    }
    expect(emulator.requests()).toEqual([]);
  });

  it("--plan on an empty tenant lists the exposed API and the pre-authorization, and sends no write", async () => {
    emulator.clearRequests();
    const result = await runCli(hostedArgs("--plan", "--json"), env);
    expect(result.code, result.stderr).toBe(0);
    expect(writesIn(emulator)).toEqual([]);
    expect((jsonOf(result).requests as { writes: number }).writes).toBe(0);
    expect(result.stderr).toMatch(
      /would expose the API: identifier URI api:\/\/<new client id>, scope access_as_user, app role MCP\.Invoke, v2\.0 access tokens/,
    );
    expect(result.stderr).toContain(`would pre-authorize ${mcpClient.toLowerCase()} for access_as_user`);
  });

  it("provision --hosted exposes the API and prints the client configuration and the server's environment", async () => {
    const result = await runCli(hostedArgs("--yes"), env);
    expect(result.code, result.stderr).toBe(0);
    const id = clientId();
    const app = emulator.directory.requireApp(id);
    expect(app.identifierUris).toEqual([`api://${id}`]);
    expect(app.api.requestedAccessTokenVersion).toBe(2);
    const scope = app.api.oauth2PermissionScopes.find((s) => s.value === "access_as_user");
    expect(scope).toMatchObject({ type: "User", isEnabled: true });
    expect(app.appRoles).toEqual([
      expect.objectContaining({ value: "MCP.Invoke", allowedMemberTypes: ["Application"], isEnabled: true }),
    ]);
    expect(app.api.preAuthorizedApplications).toEqual([
      { appId: mcpClient.toLowerCase(), delegatedPermissionIds: [scope?.id] },
    ]);
    const out = result.stdout;
    expect(out).toContain(`claude mcp add --transport http entra-mcp-graph ${publicUrl}`);
    expect(out).toContain(
      JSON.stringify({ mcpServers: { "entra-mcp-graph": { type: "http", url: publicUrl } } }, null, 2),
    );
    for (const line of [
      "ENTRA_MCP_TRANSPORT=http",
      `ENTRA_MCP_PUBLIC_URL=${publicUrl}`,
      `ENTRA_MCP_CLIENT_ID=${id}`,
      `ENTRA_MCP_TENANT_ID=${emulator.tenant.tenantId}`,
      "ENTRA_MCP_CACHE_KEY_SECRET=entra-mcp-cache-key",
    ])
      expect(out.split("\n")).toContain(line);
    expect(out).not.toMatch(/eyJ|BEGIN |PRIVATE KEY/);
  });

  it("a second run changes nothing and sends no write; --json carries the hosted configuration", async () => {
    emulator.clearRequests();
    const result = await runCli(hostedArgs("--yes", "--json"), env);
    expect(result.code, result.stderr).toBe(0);
    expect(writesIn(emulator)).toEqual([]);
    const summary = jsonOf(result);
    expect(summary).toMatchObject({ changes: 0, nothingToChange: true, requests: { writes: 0 } });
    expect(summary.hosted).toMatchObject({
      publicUrl,
      scope: `api://${clientId()}/access_as_user`,
      preAuthorized: [mcpClient.toLowerCase()],
      serverEnv: { ENTRA_MCP_TRANSPORT: "http", ENTRA_MCP_PUBLIC_URL: publicUrl },
    });
  });
});

describe("doctor --hosted", () => {
  it("is green against the hosted graph server, with one On-Behalf-Of round trip as the signed-in user", async () => {
    const server = await startServer();
    emulator.clearRequests();
    const run = await doctor(server.url);
    expect(run.result.code, run.result.stderr).toBe(0);
    const hosted = Object.values(run.checks).filter((check) => check.id.startsWith("hosted:"));
    expect(hosted.map((check) => [check.id, check.status])).toEqual([
      ["hosted:metadata", "pass"],
      ["hosted:authority", "pass"],
      ["hosted:audience", "pass"],
      ["hosted:api", "pass"],
      ["hosted:obo", "pass"],
    ]);
    expect(run.checks["hosted:authority"]?.detail).toBe(
      `${emulator.urls.login}/${emulator.tenant.tenantId}/v2.0`,
    );
    const obo = run.checks["hosted:obo"]?.detail ?? "";
    const [, signedIn, answered] =
      /signed in as (\S+) .*answered as (\S+) with an On-Behalf-Of token for https:\/\/graph\.microsoft\.com/.exec(
        obo,
      ) ?? [];
    expect(signedIn, obo).toBeTruthy();
    expect(answered).toBe(signedIn);
    // The round trip was real: the server exchanged the user's token On-Behalf-Of them.
    const exchanges = emulator.requests((e) => e.origin === "login" && e.grantType === JWT_BEARER);
    expect(exchanges.length).toBeGreaterThan(0);
    expect(`${run.result.stdout}${run.result.stderr}`).not.toMatch(/eyJ/);
  });

  it("server down: the metadata check fails with how to start it; nothing else is tried", async () => {
    const down = `http://127.0.0.1:${await freePort()}/mcp`;
    const run = await doctor(down);
    expectHostedFailure(
      run,
      "hosted:metadata",
      /no answer .*server is down or the URL is wrong/,
      /^start the server with ENTRA_MCP_TRANSPORT=http and ENTRA_MCP_PUBLIC_URL=http:\/\/127\.0\.0\.1:\d+\/mcp/,
    );
    expect(run.checks["hosted:authority"]?.status).toBe("skip");
    expect(run.checks["hosted:obo"]?.status).toBe("skip");
  });

  it("a server configured for another tenant: the authority check fails naming both, and its users are refused", async () => {
    const otherTenant = randomUUID();
    const server = await startServer({ ENTRA_MCP_TENANT_ID: otherTenant });
    const run = await doctor(server.url);
    expectHostedFailure(
      run,
      "hosted:authority",
      new RegExp(
        `names ${emulator.urls.login}/${otherTenant}/v2\\.0, not this tenant's ${emulator.urls.login}/${emulator.tenant.tenantId}/v2\\.0`,
      ),
      `on the hosted server set ENTRA_MCP_TENANT_ID=${emulator.tenant.tenantId} ENTRA_MCP_CLIENT_ID=${clientId()} ENTRA_MCP_PUBLIC_URL=${server.url}, then restart it`,
    );
    expect(run.checks["hosted:obo"]?.status).toBe("fail");
    expect(run.checks["hosted:obo"]?.detail).toMatch(/refused the user's token \(401/);
  });

  it("the scope removed from the app: the app check fails, and its fix makes doctor green again", async () => {
    const server = await startServer();
    await removeScope(clientId());
    const run = await doctor(server.url);
    const fix = `npx -y @entra-mcp/cli provision --hosted --public-url ${server.url} --servers graph --preauthorize ${mcpClient.toLowerCase()}`;
    expectHostedFailure(run, "hosted:api", /no scope access_as_user/, fix);
    expect(run.checks["hosted:obo"]?.status).toBe("skip");
    const fixed = await runCli([...fix.replace("npx -y @entra-mcp/cli ", "").split(" "), "--yes"], env);
    expect(fixed.code, fixed.stderr).toBe(0);
    const after = await doctor(server.url);
    expect(after.result.code, after.result.stderr).toBe(0);
    expect(after.checks["hosted:obo"]?.status).toBe("pass");
  });
});

/** As an admin would in the portal: disable access_as_user (Graph's rule), then delete it. */
async function removeScope(appId: string): Promise<void> {
  const tokenResponse = await fetch(`${emulator.urls.login}/${emulator.tenant.tenantId}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: emulator.env.AZURE_CLIENT_ID ?? "",
      client_secret: emulator.env.AZURE_CLIENT_SECRET ?? "",
      scope: "https://graph.microsoft.com/.default",
    }),
  });
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
  const app = emulator.directory.requireApp(appId);
  const scopes = app.api.oauth2PermissionScopes.map((s) => ({ ...s, isEnabled: false }));
  for (const body of [{ api: { oauth2PermissionScopes: scopes } }, { api: { oauth2PermissionScopes: [] } }]) {
    const response = await fetch(`${emulator.urls.graph}/v1.0/applications/${app.objectId}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(response.status, await response.text()).toBe(204);
  }
}
