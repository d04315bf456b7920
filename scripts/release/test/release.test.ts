/**
 * The release, end to end, the way a user meets it: every public package goes through the real
 * pipeline (`changeset publish` → `pnpm publish` of each publishConfig.directory) into a local
 * registry with no uplinks; an admin provisions an empty emulator tenant with the published CLI; a
 * user in a clean HOME, with no compiler on PATH, runs the `claude mcp add` line provisioning printed,
 * Claude Code reports the server Connected, and the installed server answers real tool calls; then
 * the Claude Code plugin marketplace in this repository installs the same server.
 *
 * Nothing here touches a registry other than the one on 127.0.0.1; the registry can only serve what
 * this test published, so an install that needs anything else fails (404) instead of downloading it.
 */
import { mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type EmptyTenant, type Emulator, startEmulator } from "@entra-mcp/emulator";
import { dataOf } from "@entra-mcp/test-support";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  findInstalledPackages,
  type LocalRegistry,
  type PublishedPackage,
  publishWorkspacePackages,
  REPO_ROOT,
  runCommand,
  seedFromNodeModules,
  startLocalRegistry,
} from "../src/index.js";
import { BUILD_TOOLS, createSandbox, type Sandbox } from "./support/sandbox.js";
import { StepClock } from "./support/steps.js";

/** What a release publishes: exactly these, nothing internal. */
const PUBLIC_PACKAGES = [
  "@entra-mcp/cli",
  "@entra-mcp/fabric",
  "@entra-mcp/graph",
  "@entra-mcp/powerbi",
  "@entra-mcp/powerplatform",
];
const SERVERS = ["@entra-mcp/fabric", "@entra-mcp/graph", "@entra-mcp/powerbi", "@entra-mcp/powerplatform"];
/** The keyring binding every server declares optional, and the platform package installed here. */
const KEYRING = /^@napi-rs\/keyring(-.+)?$/;
const KEYRING_PLATFORM = /^@napi-rs\/keyring-.+$/;

const STEP_TIMEOUT = 240_000;
const clock = new StepClock();

let registry: LocalRegistry;
let emulator: Emulator<EmptyTenant>;
let sandbox: Sandbox;

/** What one step hands to the next. */
const state: {
  published: PublishedPackage[];
  seeded: PublishedPackage[];
  /** Index into the registry traffic where installing (not publishing) begins. */
  installTrafficFrom: number;
  provision?: { claudeLine: string; config: Record<string, string> };
  user?: ReturnType<Sandbox["home"]> & { runEnv: Record<string, string> };
} = { published: [], seeded: [], installTrafficFrom: 0 };

/** npm's share of the registry environment: what a user's shell would carry. */
const npmEnv = () =>
  Object.fromEntries(Object.entries(registry.env).filter(([key]) => key.startsWith("npm_config_")));

/** The teammate's own Azure login (after provisioning gave the teammate user vault access). */
const teammateLogin = () => ({
  AZURE_CLIENT_ID: emulator.env.ENTRA_MCP_EMULATOR_TEAMMATE_CLIENT_ID ?? "",
  AZURE_CLIENT_SECRET: emulator.env.ENTRA_MCP_EMULATOR_TEAMMATE_CLIENT_SECRET ?? "",
  AZURE_TENANT_ID: emulator.tenant.tenantId,
  AZURE_AUTHORITY_HOST: emulator.env.AZURE_AUTHORITY_HOST ?? "",
  AZURE_TOKEN_CREDENTIALS: "EnvironmentCredential",
  NODE_EXTRA_CA_CERTS: emulator.env.NODE_EXTRA_CA_CERTS ?? "",
  NO_PROXY: emulator.env.NO_PROXY ?? "",
});

const claude = (args: string[], cwd: string, env: Record<string, string>, timeoutMs = 180_000) =>
  runCommand(join(sandbox.bin, "claude"), args, { cwd, env, timeoutMs });

const output = (result: { stdout: string; stderr: string; code: number | null }) =>
  `exit ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;

beforeAll(async () => {
  await clock.time("start registry + emulator", async () => {
    sandbox = createSandbox();
    [registry, emulator] = await Promise.all([
      startLocalRegistry(),
      startEmulator({ seed: "empty", caDir: process.env.ENTRA_MCP_EMULATOR_CA_DIR }),
    ]);
  });
}, 60_000);

afterAll(async () => {
  const traffic = registry?.traffic();
  const summaries = traffic
    ? `${traffic.summary("registry traffic, all")}\n\n${traffic.summary("registry traffic, installs only", state.installTrafficFrom)}`
    : "(no registry)";
  console.warn(`\n${clock.report()}\n\n${summaries}\n`);
  await emulator?.stop();
  await registry?.close();
  sandbox?.remove();
}, 30_000);

describe("release: published, provisioned, installed and run the way a user does", () => {
  it(
    "1. changeset publish puts every public package in the local registry, self-contained",
    async () => {
      const seeded = await clock.time("seed optional deps", () =>
        seedFromNodeModules(registry, findInstalledPackages(KEYRING)),
      );
      expect(seeded.map((pkg) => pkg.name)).toContain("@napi-rs/keyring");
      expect(seeded.some((pkg) => KEYRING_PLATFORM.test(pkg.name))).toBe(true);
      state.seeded = seeded;

      const { published, run } = await clock.time("changeset publish", () =>
        publishWorkspacePackages(registry),
      );
      state.installTrafficFrom = registry.traffic().requests.length;
      clock.note(`${published.length} packages`);
      expect(published.map((pkg) => pkg.name).sort(), run.stdout).toEqual(PUBLIC_PACKAGES);
      expect(run.stdout).toContain("Successfully published");
      state.published = published;

      const available = new Set([...published, ...seeded].map((pkg) => pkg.name));
      for (const pkg of published) {
        const manifest = pkg.manifest as {
          dependencies?: Record<string, string>;
          optionalDependencies?: Record<string, string>;
          peerDependencies?: Record<string, string>;
          bin?: Record<string, string>;
        };
        // Bundled: nothing to resolve from a registry but the optional keyring binding.
        expect(manifest.dependencies ?? {}, pkg.name).toEqual({});
        expect(manifest.peerDependencies ?? {}, pkg.name).toEqual({});
        for (const [name, range] of Object.entries(manifest.optionalDependencies ?? {})) {
          expect(range, `${pkg.name} → ${name}`).not.toMatch(/^(workspace|catalog|file|link):/);
          expect(available.has(name), `${pkg.name} → ${name} is not in the registry`).toBe(true);
        }
        expect(Object.keys(manifest.bin ?? {}).length, `${pkg.name} has a bin`).toBeGreaterThan(0);
      }
      for (const name of SERVERS) {
        const manifest = published.find((pkg) => pkg.name === name)?.manifest;
        expect(manifest?.optionalDependencies, name).toEqual({ "@napi-rs/keyring": "2.1.2" });
      }
      const cli = published.find((pkg) => pkg.name === "@entra-mcp/cli")?.manifest as { bin?: object };
      expect(Object.keys(cli?.bin ?? {})).toContain("entra-mcp");
    },
    STEP_TIMEOUT,
  );

  it(
    "2. an admin provisions the empty tenant with the published CLI; it prints the graph install line",
    async () => {
      const admin = sandbox.home("admin");
      const configOut = join(admin.home, "team", "config.json");
      const result = await clock.time("provision (npx @entra-mcp/cli)", () =>
        runCommand(
          join(sandbox.bin, "npx"),
          [
            "-y",
            "@entra-mcp/cli",
            "provision",
            "--user",
            emulator.env.ENTRA_MCP_EMULATOR_TEAMMATE_USER_UPN ?? "teammate@contoso.test",
            "--workspace",
            "Sales Analytics",
            "--environment",
            emulator.urls.dataverse,
            "--config-out",
            configOut,
            "--yes",
            "--json",
          ],
          // The admin's shell: the emulator's environment is the admin's `az login` and the cloud.
          { cwd: admin.project, env: { ...admin.env, ...npmEnv(), ...emulator.env }, timeoutMs: 180_000 },
        ),
      );
      expect(result.code, output(result)).toBe(0);
      expect(result.stderr).toMatch(/Done: \d+ change\(s\) applied\./);
      const summary = JSON.parse(result.stdout) as {
        ok: boolean;
        servers: { server: string; claudeCode: string }[];
      };
      expect(summary.ok).toBe(true);
      const graph = summary.servers.find((server) => server.server === "graph");
      const claudeLine = graph?.claudeCode ?? "";
      expect(claudeLine).toMatch(/^claude mcp add entra-mcp-graph (-e \S+ )+-- npx -y @entra-mcp\/graph$/);
      expect(claudeLine).toContain(`-e ENTRA_MCP_TENANT_ID=${emulator.tenant.tenantId}`);
      const config = JSON.parse(readFileSync(configOut, "utf8")) as Record<string, string>;
      expect(config).toMatchObject({ tenantId: emulator.tenant.tenantId, certName: "entra-mcp-cert" });
      expect(emulator.directory.getApplication(String(config.clientId))?.keyCredentials).toHaveLength(1);
      clock.note(claudeLine.length > 0 ? "install line captured" : "no install line");
      state.provision = { claudeLine, config };
    },
    STEP_TIMEOUT,
  );

  it(
    "3. a user in a clean HOME with no compiler, make or Python runs exactly that line",
    async () => {
      const claudeLine = state.provision?.claudeLine;
      expect(claudeLine, "step 2 captured no install line").toBeTruthy();
      const user = sandbox.home("user");
      const runEnv = { ...user.env, ...npmEnv(), ...teammateLogin() };
      state.user = { ...user, runEnv };

      // The sandbox really has no build tools: `command -v` finds none of them.
      const probe = await runCommand(
        join(sandbox.bin, "sh"),
        ["-c", `for tool in ${BUILD_TOOLS.join(" ")}; do command -v "$tool"; done; exit 0`],
        { cwd: user.project, env: runEnv },
      );
      expect(probe.stdout.trim(), "build tools on the sandbox PATH").toBe("");

      const result = await clock.time("claude mcp add (the printed line)", () =>
        runCommand(join(sandbox.bin, "sh"), ["-c", String(claudeLine)], { cwd: user.project, env: runEnv }),
      );
      expect(result.code, output(result)).toBe(0);
      expect(result.stdout).toContain("Added stdio MCP server entra-mcp-graph");
      const server = claudeServer(user.home, user.project, "entra-mcp-graph");
      expect(server).toMatchObject({ command: "npx", args: ["-y", "@entra-mcp/graph"] });
      expect(server.env?.ENTRA_MCP_TENANT_ID).toBe(emulator.tenant.tenantId);
      expect(server.env?.ENTRA_MCP_CLIENT_ID).toBe(state.provision?.config.clientId);
    },
    STEP_TIMEOUT,
  );

  it(
    "4. claude mcp list reports entra-mcp-graph ✓ Connected (npx installed it from the registry)",
    async () => {
      const user = state.user;
      expect(user, "step 3 did not run").toBeTruthy();
      if (!user) return;
      const tarballsBefore = registry.traffic().of("tarball", "@entra-mcp/graph").length;
      const result = await clock.time("claude mcp list (first npx install)", () =>
        claude(["mcp", "list"], user.project, user.runEnv),
      );
      expect(result.stdout, output(result)).toMatch(
        /^entra-mcp-graph: npx -y @entra-mcp\/graph - [✓✔] Connected$/m,
      );
      expect(registry.traffic().of("tarball", "@entra-mcp/graph").length).toBeGreaterThan(tarballsBefore);
    },
    STEP_TIMEOUT,
  );

  it(
    "5. the installed server, driven by the MCP SDK client over stdio, lists tools and users app-only",
    async () => {
      const user = state.user;
      expect(user, "step 3 did not run").toBeTruthy();
      if (!user) return;
      const server = claudeServer(user.home, user.project, "entra-mcp-graph");
      emulator.clearRequests();
      const users = await clock.time("npx @entra-mcp/graph: tools/list + list_users", () =>
        withStdioServer(server, user.runEnv, user.project, async (client) => {
          const { tools } = await client.listTools();
          expect(tools.map((tool) => tool.name).sort()).toEqual(expectedGraphTools());
          const result = (await client.callTool({
            name: "list_users",
            arguments: { select: "displayName,userPrincipalName", top: 100 },
          })) as CallToolResult;
          expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
          return (dataOf(result)?.value ?? []) as { displayName?: string }[];
        }),
      );
      const names = users.map((entry) => entry.displayName);
      clock.note(`${names.length} users`);
      expect(names).toEqual(expect.arrayContaining(["Adele Vance", "Alex Wilber", "Omar Haddad"]));
      expect(names.length).toBeGreaterThanOrEqual(30);
      // App-only, with the certificate the teammate's login read from the vault.
      const graphCalls = emulator.requests({ origin: "graph" });
      expect(graphCalls.length).toBeGreaterThan(0);
      for (const entry of graphCalls) expect(entry.aud).toBe("https://graph.microsoft.com");
      const reads = emulator.requests({ origin: "vault", method: "GET", path: "/secrets/", status: 200 });
      expect(reads.map((entry) => entry.appid)).toContain(emulator.env.ENTRA_MCP_EMULATOR_TEAMMATE_CLIENT_ID);
      expect(emulator.canaryHits()).toEqual([]);
    },
    STEP_TIMEOUT,
  );

  it(
    "6. npx -y @entra-mcp/cli --help prints the usage",
    async () => {
      const user = state.user ?? { ...sandbox.home("cli"), runEnv: {} };
      const env = state.user ? user.runEnv : { ...user.env, ...npmEnv() };
      const result = await clock.time("npx @entra-mcp/cli --help", () =>
        runCommand(join(sandbox.bin, "npx"), ["-y", "@entra-mcp/cli", "--help"], { cwd: user.project, env }),
      );
      expect(result.code, output(result)).toBe(0);
      for (const usage of [
        "entra-mcp provision",
        "entra-mcp add-teammate",
        "entra-mcp rotate",
        "entra-mcp doctor",
      ]) {
        expect(result.stdout).toContain(usage);
      }
    },
    STEP_TIMEOUT,
  );

  it(
    "7. the plugin marketplace in this repository installs graph; its server is Connected and configured",
    async () => {
      const config = state.provision?.config;
      expect(config, "step 2 wrote no team config").toBeTruthy();
      if (!config) return;
      const marketplace = JSON.parse(
        readFileSync(join(REPO_ROOT, ".claude-plugin", "marketplace.json"), "utf8"),
      );
      const pluginUser = sandbox.home("plugin");
      // A shim in front of the real npx records the ENTRA_MCP_* environment Claude Code gives the server.
      const capture = join(pluginUser.home, "server-env.json");
      const bin = shimmedBin(pluginUser.home, capture);
      const env = { ...pluginUser.env, PATH: bin, ...npmEnv(), ...teammateLogin() };
      const cwd = pluginUser.project;

      const added = await clock.time("claude plugin marketplace add", () =>
        claude(["plugin", "marketplace", "add", REPO_ROOT, "--json"], cwd, env),
      );
      expect(added.code, output(added)).toBe(0);
      expect(lastJson(added.stdout)).toMatchObject({ outcome: "ok", marketplace: marketplace.name });

      const options = {
        tenant_id: config.tenantId,
        client_id: config.clientId,
        keyvault_url: config.keyVaultUrl,
        cert_name: config.certName,
        cloud: config.cloud,
        auth_mode: "app",
        allow_writes: "false",
      };
      const installed = await clock.time("claude plugin install graph", () =>
        claude(
          [
            "plugin",
            "install",
            `graph@${marketplace.name}`,
            ...Object.entries(options).flatMap(([key, value]) => ["--config", `${key}=${value}`]),
            "--json",
          ],
          cwd,
          env,
        ),
      );
      expect(installed.code, output(installed)).toBe(0);
      const install = lastJson(installed.stdout);
      expect(install, installed.stdout).toMatchObject({ outcome: "ok", configApplied: true });
      expect(install.unsetOptionCount ?? 0, installed.stdout).toBe(0);

      const listed = await clock.time("claude mcp list (plugin)", () => claude(["mcp", "list"], cwd, env));
      expect(listed.stdout, output(listed)).toMatch(
        /^plugin:graph:entra-mcp-graph: npx -y @entra-mcp\/graph - [✓✔] Connected$/m,
      );
      const serverEnv = JSON.parse(readFileSync(capture, "utf8")) as Record<string, string>;
      expect(serverEnv).toMatchObject({
        ENTRA_MCP_TENANT_ID: config.tenantId,
        ENTRA_MCP_CLIENT_ID: config.clientId,
        ENTRA_MCP_KEYVAULT_URL: config.keyVaultUrl,
        ENTRA_MCP_CERT_NAME: config.certName,
        ENTRA_MCP_CLOUD: config.cloud,
        ENTRA_MCP_AUTH_MODE: "app",
      });
      // The same server with exactly the environment Claude Code gave it answers a real call.
      const users = await clock.time("plugin server: list_users", () =>
        withStdioServer(
          { command: "npx", args: ["-y", "@entra-mcp/graph"], env: serverEnv },
          env,
          cwd,
          async (client) => {
            const result = (await client.callTool({
              name: "list_users",
              arguments: { top: 5 },
            })) as CallToolResult;
            expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
            return (dataOf(result)?.value ?? []) as unknown[];
          },
        ),
      );
      expect(users.length).toBe(5);
    },
    STEP_TIMEOUT,
  );

  it("8. installing needed nothing the release did not publish (every 404 is another platform's keyring)", () => {
    const started = performance.now();
    let ok = false;
    const install = registry.traffic().requests.slice(state.installTrafficFrom);
    const notFound = install
      .filter((request) => request.status === 404)
      .map((request) => decodeURIComponent(request.url));
    try {
      expect(state.installTrafficFrom, "step 1 did not publish").toBeGreaterThan(0);
      expect(install.length).toBeGreaterThan(0);
      for (const url of notFound) expect(url).toMatch(/^\/@napi-rs\/keyring-[\w-]+$/);
      const published = new Set([...state.published, ...state.seeded].map((pkg) => pkg.name));
      const asked = new Set(
        install
          .filter((request) => request.status !== 404 && request.method === "GET")
          .map((request) => /^\/((?:@[^/]+\/)?[^/]+)/.exec(decodeURIComponent(request.url))?.[1] ?? ""),
      );
      for (const name of asked)
        expect(published.has(name), `${name} was installed but not published`).toBe(true);
      ok = true;
    } finally {
      clock.record(
        "install traffic check",
        Math.round(performance.now() - started),
        ok,
        `${install.length} install requests, ${notFound.length} optional 404s`,
      );
    }
  });
});

interface ClaudeServer {
  command: string;
  args?: string[];
  env?: Record<string, string>;
}

/** The stdio server `name` as `claude mcp add` stored it for `project` in ~/.claude.json. */
function claudeServer(home: string, project: string, name: string): ClaudeServer {
  const settings = JSON.parse(readFileSync(join(home, ".claude.json"), "utf8")) as {
    projects?: Record<string, { mcpServers?: Record<string, ClaudeServer> }>;
  };
  const server = settings.projects?.[project]?.mcpServers?.[name];
  if (!server) throw new Error(`~/.claude.json has no server ${name} for ${project}`);
  return server;
}

/** Starts `server` the way Claude Code does (its command, args and env over the user's env) and runs `body`. */
async function withStdioServer<T>(
  server: ClaudeServer,
  env: Record<string, string>,
  cwd: string,
  body: (client: Client) => Promise<T>,
): Promise<T> {
  const transport = new StdioClientTransport({
    command: join(sandbox.bin, server.command),
    args: server.args ?? [],
    env: { ...env, ...server.env },
    cwd,
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const client = new Client({ name: "entra-mcp-release-test", version: "0.0.0" });
  try {
    await client.connect(transport);
    return await body(client);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- server stderr\n${stderr}`);
  } finally {
    await client.close();
  }
}

/** The read-only tool names the workspace's graph server snapshot lists. */
function expectedGraphTools(): string[] {
  const snapshot = join(REPO_ROOT, "servers", "graph", "test", "__snapshots__", "tools-list.read-only.json");
  return (JSON.parse(readFileSync(snapshot, "utf8")) as { name: string }[]).map((tool) => tool.name).sort();
}

/** The last line of `stdout` that parses as a JSON object. */
function lastJson(stdout: string): Record<string, unknown> {
  const lines = stdout.trim().split("\n").reverse();
  for (const line of lines) {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {}
  }
  throw new Error(`no JSON line in: ${stdout}`);
}

/**
 * A bin dir like the sandbox's, but whose `npx` first writes the ENTRA_MCP_* variables it was started
 * with to `capture`, then runs the real npx with the same arguments.
 */
function shimmedBin(home: string, capture: string): string {
  const bin = join(home, "bin");
  mkdirSync(bin);
  const record =
    "const e=Object.fromEntries(Object.entries(process.env).filter(([k])=>k.startsWith('ENTRA_MCP_')));" +
    `require('fs').writeFileSync(${JSON.stringify(capture)},JSON.stringify(e))`;
  const shim = join(home, "npx-shim.sh");
  writeFileSync(
    shim,
    `#!/bin/sh\n"${join(sandbox.bin, "node")}" -e "${record.replaceAll('"', '\\"')}"\nexec "${join(sandbox.bin, "npx")}" "$@"\n`,
    { mode: 0o755 },
  );
  for (const name of readdirSync(sandbox.bin)) {
    symlinkSync(name === "npx" ? shim : readlinkSync(join(sandbox.bin, name)), join(bin, name));
  }
  return bin;
}
