/**
 * The suite every server runs on its Claude Desktop bundle (dist/<bin>.mcpb): unpacked into a temp
 * dir with @anthropic-ai/mcpb, the manifest validates and asks for the right settings, the bundle holds
 * only the server's runtime files, and the server starts the way the host starts it (mcp_config with
 * ${__dirname} and ${user_config.*} filled in) and answers tools/list and a real tool call against
 * the emulator. A damaged bundle ends in one clear line on stderr.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { unpackExtension, validateManifest } from "@anthropic-ai/mcpb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callTool, startChildServer, textOf, withChildServer } from "./child-server.js";
import { startTestEmulator, type TestEmulator } from "./server-test-emulator.js";

export interface McpbBundleSuite {
  /** Absolute path of the built .mcpb. */
  bundle: string;
  /** user_config keys the manifest must offer. */
  settings: string[];
  /** A read tool that needs a token, and text its result must contain. */
  call: { name: string; arguments: Record<string, unknown>; expect: (t: TestEmulator) => string };
}

/** Files a bundle may hold: the manifest, the published package under server/, the keyring binding. */
const ALLOWED = [
  /^manifest\.json$/,
  /^server\/(package\.json|README\.md|permissions\.(app|delegated)\.json)$/,
  /^server\/dist\/[\w.-]+\.mjs$/,
  // MCP App views (server-kit apps/): one self-contained HTML file per view, served as ui:// resources.
  /^server\/dist\/views\/[\w-]+\.html$/,
  /^server\/dist\/native\/win32-(x64|arm64|ia32)\/dpapi\.node$/,
  /^server\/node_modules\/@napi-rs\/keyring(-[\w-]+)?\//,
];
const MAX_BUNDLE_BYTES = 10 * 1024 * 1024;

/** A Node older than 22 on this machine (CI images keep the system's Node 20), to run the launcher with. */
function findOldNode(): string | undefined {
  for (const candidate of ["/usr/bin/node", "/usr/local/bin/node"]) {
    const run = spawnSync(candidate, ["-p", "process.versions.node"], { encoding: "utf8" });
    if (run.status === 0 && Number(run.stdout.split(".")[0]) < 22) return candidate;
  }
  return undefined;
}
const OLD_NODE = findOldNode();

/** One run of `node <entry>` with empty stdin: what a host sees when the server cannot start. */
function runOnce(node: string, entry: string, env: NodeJS.ProcessEnv) {
  return spawnSync(node, [entry], { env, input: "", encoding: "utf8", timeout: 20_000 });
}

interface Manifest {
  manifest_version: string;
  server: {
    entry_point: string;
    mcp_config: { command: string; args: string[]; env: Record<string, string> };
  };
  user_config: Record<string, { type: string; required: boolean; default?: unknown }>;
  compatibility: { platforms: string[]; runtimes: { node: string } };
}

/** What a user fills in, taken from the emulator's environment (the host substitutes these). */
function userConfigFrom(env: NodeJS.ProcessEnv): Record<string, string> {
  return {
    tenant_id: env.ENTRA_MCP_TENANT_ID ?? "",
    client_id: env.ENTRA_MCP_CLIENT_ID ?? "",
    auth_mode: "app",
    keyvault_url: env.ENTRA_MCP_KEYVAULT_URL ?? "",
    cert_name: env.ENTRA_MCP_CERT_NAME ?? "",
    allow_writes: "false",
    dataverse_urls: env.ENTRA_MCP_DATAVERSE_URLS ?? "",
  };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join("/"));
}

/** Registers the .mcpb tests for one server. */
export function mcpbBundleSuite(options: McpbBundleSuite): void {
  const name = options.bundle.slice(options.bundle.lastIndexOf(sep) + 1);
  let t: TestEmulator;
  let dir: string;
  let manifest: Manifest;

  /** The host's launch: mcp_config with ${__dirname} and ${user_config.x} substituted. */
  const launch = (root: string, env: NodeJS.ProcessEnv) => {
    const values = userConfigFrom(env);
    const fill = (text: string) =>
      text
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the MCPB placeholder, literally
        .replaceAll("${__dirname}", root)
        .replace(/\$\{user_config\.(\w+)\}/g, (_, key: string) => values[key] ?? "");
    const config = manifest.server.mcp_config;
    const configured = Object.fromEntries(
      Object.entries(config.env).map(([key, value]) => [key, fill(value)]),
    );
    return { entry: fill(config.args[0] as string), env: { ...env, ...configured } };
  };

  /** Runs `body` on a throw-away copy of the unpacked bundle, changed by `damage` first. */
  const withBundleCopy = async (
    damage: (copy: string) => void,
    body: (copy: string) => void | Promise<void>,
  ) => {
    const copy = mkdtempSync(join(tmpdir(), "entra-mcp-mcpb-copy-"));
    try {
      cpSync(dir, copy, { recursive: true });
      damage(copy);
      await body(copy);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  };

  describe(`${name} (Claude Desktop bundle)`, () => {
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "entra-mcp-mcpb-"));
      expect(await unpackExtension({ mcpbPath: options.bundle, outputDir: dir, silent: true })).toBe(true);
      manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as Manifest;
      t = await startTestEmulator();
    });
    afterAll(async () => {
      await t?.emulator.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("validates (manifest 0.3), asks for the settings, and holds only the server's runtime files", () => {
      expect(validateManifest(join(dir, "manifest.json"))).toBe(true);
      expect(manifest.manifest_version).toBe("0.3");
      expect(Object.keys(manifest.user_config).sort()).toEqual([...options.settings].sort());
      expect(manifest.user_config.tenant_id?.required).toBe(true);
      expect(manifest.user_config.allow_writes).toMatchObject({ type: "boolean", default: false });
      expect(manifest.compatibility.runtimes.node).toBe(">=22.0.0");
      expect(manifest.compatibility.platforms).toContain("win32");
      expect(manifest.compatibility.platforms).toContain(process.platform);
      const files = filesUnder(dir);
      const stray = files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)));
      expect(stray).toEqual([]);
      expect(files.some((file) => /emulator|vitest|typescript/.test(file))).toBe(false);
      expect(files).toContain(manifest.server.entry_point);
      expect(statSync(options.bundle).size).toBeLessThanOrEqual(MAX_BUNDLE_BYTES);
    });

    it("starts as the host starts it and answers tools/list and a tool call against the emulator", async () => {
      const { entry, env } = launch(dir, t.appEnv());
      // Node's bundled undici costs 20-30 ms of a fresh process's first result; nothing may load it
      // (server-kit bundle/undici-free.ts). A preload writes the builtins the process loaded at exit.
      const probe = mkdtempSync(join(tmpdir(), "entra-mcp-builtins-"));
      const loadedFile = join(probe, "builtins.txt");
      writeFileSync(
        join(probe, "record.mjs"),
        `import { writeFileSync } from "node:fs";\nprocess.on("exit", () => writeFileSync(${JSON.stringify(loadedFile)}, process.moduleLoadList.join("\\n")));\n`,
      );
      env.NODE_OPTIONS = [env.NODE_OPTIONS, `--import=${pathToFileURL(join(probe, "record.mjs")).href}`]
        .filter(Boolean)
        .join(" ");
      await withChildServer(entry, env, async (server) => {
        const { tools } = await server.client.listTools();
        expect(tools.map((tool) => tool.name)).toContain(options.call.name);
        const result = await callTool(server, options.call.name, options.call.arguments);
        expect(result.isError, textOf(result)).toBeFalsy();
        expect(JSON.stringify(result.structuredContent ?? textOf(result))).toContain(options.call.expect(t));
      });
      const reads = t.emulator.requests({ origin: "vault", method: "GET", path: "/secrets/", status: 200 });
      expect(reads.length).toBeGreaterThan(0);
      const builtins = readFileSync(loadedFile, "utf8").split("\n");
      rmSync(probe, { recursive: true, force: true });
      expect(builtins).toContain("NativeModule tls"); // the list covers the network code that ran
      expect(builtins.filter((line) => line.includes("undici"))).toEqual([]);
    });

    it("a damaged bundle (its main chunk missing) says so in one line on stderr and exits 1", async () => {
      await withBundleCopy(
        (copy) => rmSync(join(copy, "server", "dist", "main.mjs")),
        (copy) => {
          const { entry, env } = launch(copy, t.appEnv());
          const run = runOnce(process.execPath, entry, env);
          expect(run.status).toBe(1);
          expect(run.stdout).toBe("");
          const lines = run.stderr.trim().split("\n");
          expect(lines).toHaveLength(1);
          expect(lines[0]).toMatch(/this installation is damaged .*main\.mjs.*reinstall the extension/);
        },
      );
    });

    it.skipIf(!OLD_NODE)(
      `on Node < 22 (${OLD_NODE ?? "none found"}) it says which Node it needs, in one line`,
      () => {
        const { entry, env } = launch(dir, t.appEnv());
        const run = runOnce(OLD_NODE as string, entry, env);
        expect(run.status).toBe(1);
        expect(run.stdout).toBe("");
        expect(run.stderr.trim().split("\n")).toHaveLength(1);
        expect(run.stderr).toMatch(/needs Node\.js 22 or newer, but this is Node\.js v\d+/);
      },
    );

    it("without its keyring binding a call still works: tokens stay in memory, with a warning naming the fix", async () => {
      await withBundleCopy(
        (copy) => rmSync(join(copy, "server", "node_modules"), { recursive: true, force: true }),
        async (copy) => {
          const { entry, env } = launch(copy, t.appEnv({ ENTRA_MCP_CACHE_PLAINTEXT: "" }));
          const server = await startChildServer(entry, env);
          try {
            const result = await callTool(server, options.call.name, options.call.arguments);
            expect(result.isError, textOf(result)).toBeFalsy();
          } finally {
            await server.close();
          }
          expect(server.transport.stderr).toMatch(/@napi-rs\/keyring/);
          expect(server.transport.stderr).toMatch(/\.mcpb/);
          expect(server.transport.stderr).not.toMatch(/pnpm install|keytar/);
        },
      );
    });
  });
}
