/** The built bin without any Azure: usage errors, manifest errors before any network, --json on failure. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { jsonOf, privateHome, removePrivateHomes, runCli } from "./support/run-cli.js";

const root = mkdtempSync(join(tmpdir(), "entra-mcp-cli-repo-"));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  removePrivateHomes();
});
mkdirSync(join(root, "servers", "powerbi"), { recursive: true });
writeFileSync(join(root, "servers", "powerbi", "permissions.app.json"), '{ "resources": [ }');
writeFileSync(join(root, "servers", "powerbi", "permissions.delegated.json"), '{ "resources": [] }');

// No Azure login and an unreachable cloud: anything that tried the network would fail differently.
const env = {
  ...privateHome().env,
  ENTRA_MCP_REPO_ROOT: root,
  AZURE_TOKEN_CREDENTIALS: "EnvironmentCredential",
};

describe("entra-mcp (no Azure needed)", () => {
  it("--help prints the usage on stdout", async () => {
    const result = await runCli(["--help"], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "entra-mcp provision [--servers graph,powerbi,...] [--plan] [--json] [--yes]",
    );
  });

  it("an unknown command or flag is a usage error (exit 2) with the fix", async () => {
    const result = await runCli(["provison"], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('entra-mcp: unknown command "provison".');
    expect(result.stderr).toContain("Fix: use one of: provision, add-teammate, rotate, doctor");
    const bogus = await runCli(["doctor", "--bogus"], env);
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toContain("Fix: see `npx -y @entra-mcp/cli doctor --help`.");
  });

  it("an unknown --platform is a usage error before anything else", async () => {
    const result = await runCli(["provision", "--platform", "solaris", "--plan"], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--platform: "solaris" is not a platform');
    expect(result.stderr).toContain("Fix: use one of win32, darwin, linux.");
  });

  it("a broken manifest fails before any network call, naming the file; --json still prints one document", async () => {
    const result = await runCli(
      ["provision", "--vault", "https://kv.vault.azure.net", "--plan", "--json"],
      env,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/servers\/powerbi\/permissions\.app\.json: not valid JSON/);
    const document = jsonOf(result);
    expect(document).toMatchObject({ ok: false });
    expect((document.error as { fix: string }).fix).toMatch(/correct the manifest/);
  });

  it("an unknown --servers name suggests the closest", async () => {
    const result = await runCli(["provision", "--servers", "powerbl", "--plan"], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--servers: unknown server "powerbl" (did you mean "powerbi"?)');
  });
});
