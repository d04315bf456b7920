/**
 * The Claude Code plugin marketplace at the repository root (.claude-plugin/marketplace.json and
 * plugins/<api>/) against the servers it installs: one plugin per server, named like the server
 * folder, starting that server's package and bin, and passing only variables the server reads.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/run-cli.js";

interface MarketplaceEntry {
  name: string;
  source: string;
  description: string;
  version: string;
}
interface UserConfigOption {
  type: string;
  title: string;
  description: string;
  default?: unknown;
  sensitive?: boolean;
}
interface McpServer {
  command: string;
  args: string[];
  env: Record<string, string>;
}

const read = <T>(...path: string[]): T => JSON.parse(readFileSync(join(REPO_ROOT, ...path), "utf8")) as T;
const marketplace = read<{ name: string; owner: { name: string }; plugins: MarketplaceEntry[] }>(
  ".claude-plugin",
  "marketplace.json",
);
const servers = readdirSync(join(REPO_ROOT, "servers"), { withFileTypes: true })
  .filter(
    (entry) => entry.isDirectory() && existsSync(join(REPO_ROOT, "servers", entry.name, "package.json")),
  )
  .map((entry) => entry.name)
  .sort();

/** Every ENTRA_MCP_* name the servers read: auth-core's configuration and server-kit's settings. */
function variablesServersRead(): Set<string> {
  const names = new Set<string>();
  const scan = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) scan(path);
      else if (entry.name.endsWith(".ts")) {
        for (const match of readFileSync(path, "utf8").matchAll(/\bENTRA_MCP_[A-Z0-9_]+\b/g))
          names.add(match[0]);
      }
    }
  };
  scan(join(REPO_ROOT, "packages", "auth-core", "src", "config"));
  scan(join(REPO_ROOT, "packages", "server-kit", "src"));
  return names;
}

describe("plugin marketplace", () => {
  it("is named entra-mcp and lists exactly one plugin per server", () => {
    expect(marketplace.name).toBe("entra-mcp");
    expect(marketplace.owner.name).toBeTruthy();
    expect(marketplace.plugins.map((plugin) => plugin.name).sort()).toEqual(servers);
  });

  const known = variablesServersRead();
  it("finds the variables the servers read (the check below is not vacuous)", () => {
    for (const name of ["ENTRA_MCP_TENANT_ID", "ENTRA_MCP_ALLOW_WRITES", "ENTRA_MCP_DATAVERSE_URLS"]) {
      expect(known).toContain(name);
    }
  });

  describe.each(marketplace.plugins.map((entry) => [entry.name, entry] as const))("%s", (api, entry) => {
    const pkg = read<{ name: string; version: string; bin: Record<string, string> }>(
      "servers",
      api,
      "package.json",
    );
    const bin = Object.keys(pkg.bin)[0] as string;

    it("source folder holds plugin.json and .mcp.json; names and versions agree with the server package", () => {
      expect(entry.source).toBe(`./plugins/${api}`);
      expect(existsSync(join(REPO_ROOT, entry.source, ".claude-plugin", "plugin.json"))).toBe(true);
      expect(existsSync(join(REPO_ROOT, entry.source, ".mcp.json"))).toBe(true);
      const manifest = read<{ name: string; version: string }>(entry.source, ".claude-plugin", "plugin.json");
      expect(manifest.name).toBe(api);
      expect(manifest.version).toBe(pkg.version);
      expect(entry.version).toBe(pkg.version);
      expect(entry.description).toBeTruthy();
    });

    it("starts the server's package with npx under its bin name", () => {
      const { mcpServers } = read<{ mcpServers: Record<string, McpServer> }>(entry.source, ".mcp.json");
      expect(Object.keys(mcpServers)).toEqual([bin]);
      expect(mcpServers[bin]).toMatchObject({ command: "npx", args: ["-y", pkg.name] });
    });

    it("passes only variables the server reads, each from a declared, non-secret userConfig option", () => {
      const { mcpServers } = read<{ mcpServers: Record<string, McpServer> }>(entry.source, ".mcp.json");
      const { userConfig } = read<{ userConfig: Record<string, UserConfigOption> }>(
        entry.source,
        ".claude-plugin",
        "plugin.json",
      );
      const env = mcpServers[bin]?.env ?? {};
      const used = new Set<string>();
      for (const [name, value] of Object.entries(env)) {
        expect(known, `${name} is not read by auth-core or server-kit`).toContain(name);
        const key = /^\$\{user_config\.([A-Za-z_]\w*)\}$/.exec(value)?.[1];
        expect(key, `${name}: ${value}`).toBeDefined();
        expect(Object.keys(userConfig), `${name}: ${value}`).toContain(key);
        used.add(key as string);
      }
      expect(Object.keys(env)).toEqual(
        expect.arrayContaining(["ENTRA_MCP_TENANT_ID", "ENTRA_MCP_CLIENT_ID"]),
      );
      expect("ENTRA_MCP_DATAVERSE_URLS" in env).toBe(api === "powerplatform");
      expect([...used].sort()).toEqual(Object.keys(userConfig).sort());
      for (const [key, option] of Object.entries(userConfig)) {
        expect(["string", "boolean", "number", "directory", "file"], key).toContain(option.type);
        expect(option.title && option.description, key).toBeTruthy();
        // Tenant, client id, vault URL, certificate name, mode, cloud: none of them is a secret.
        expect(option.sensitive ?? false, key).toBe(false);
        // Empty means "not given": auth-core then reads the team config file (env wins over it).
        if (option.type === "string") expect(option.default, key).toBe("");
      }
    });
  });

  const claude = join(REPO_ROOT, "scripts", "release", "node_modules", ".bin", "claude");
  it.skipIf(!existsSync(claude))(
    "claude plugin validate --strict accepts the marketplace and every plugin",
    () => {
      const home = mkdtempSync(join(tmpdir(), "entra-mcp-plugin-validate-"));
      try {
        for (const target of [".", ...marketplace.plugins.map((entry) => entry.source)]) {
          const result = spawnSync(claude, ["plugin", "validate", "--strict", target], {
            cwd: REPO_ROOT,
            env: { PATH: process.env.PATH, HOME: home },
            encoding: "utf8",
            timeout: 60_000,
          });
          expect(result.status, `${target}\n${result.stdout}${result.stderr}`).toBe(0);
          expect(result.stdout).toContain("Validation passed");
        }
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    },
  );
});
