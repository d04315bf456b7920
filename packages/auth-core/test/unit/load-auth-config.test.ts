import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadAuthConfig } from "../../src/index.js";

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const CLIENT = "0d5c5a9e-7d4e-4c5b-9a1e-2f3b4c5d6e7f";
const dir = mkdtempSync(join(tmpdir(), "entra-mcp-config-"));
const noFile = join(dir, "absent.json");

function env(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return {
    XDG_CONFIG_HOME: dir,
    ENTRA_MCP_TENANT_ID: TENANT,
    ENTRA_MCP_CLIENT_ID: CLIENT,
    ENTRA_MCP_KEYVAULT_URL: "https://team-vault.vault.azure.net/",
    ENTRA_MCP_CERT_NAME: "entra-mcp-cert",
    ...extra,
  };
}

function errorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("loadAuthConfig", () => {
  it("accepts a complete app-only configuration with public-cloud defaults", () => {
    const config = loadAuthConfig(env());
    expect(config).toMatchObject({
      tenantId: TENANT,
      clientId: CLIENT,
      mode: "app",
      authority: `https://login.microsoftonline.com/${TENANT}`,
      certificate: {
        source: "keyvault",
        vaultUrl: "https://team-vault.vault.azure.net",
        certName: "entra-mcp-cert",
      },
      cachePlaintext: false,
      browserCommand: undefined,
    });
    expect(config.cloud.name).toBe("public");
  });

  it.each([
    ["ENTRA_MCP_TENANT_ID", undefined, /ENTRA_MCP_TENANT_ID: is not set/],
    ["ENTRA_MCP_TENANT_ID", "not a tenant!", /ENTRA_MCP_TENANT_ID: "not a tenant!" is neither a GUID/],
    ["ENTRA_MCP_CLIENT_ID", "1234", /ENTRA_MCP_CLIENT_ID: "1234" is not a GUID/],
    ["ENTRA_MCP_AUTH_MODE", "user", /ENTRA_MCP_AUTH_MODE: "user" is not a mode/],
    ["ENTRA_MCP_KEYVAULT_URL", "http://team-vault.vault.azure.net", /must use https/],
    [
      "ENTRA_MCP_KEYVAULT_URL",
      "https://evil.example.com",
      /not a Key Vault in the public cloud \(expected \*\.vault\.azure\.net\)/,
    ],
    ["ENTRA_MCP_KEYVAULT_URL", "https://v.vault.azure.net/secrets/x", /without a path/],
    ["ENTRA_MCP_CERT_NAME", "bad name!", /not a Key Vault object name/],
    ["ENTRA_MCP_CLOUD", "mars", /unknown cloud "mars"/],
    ["ENTRA_MCP_CACHE_PLAINTEXT", "maybe", /ENTRA_MCP_CACHE_PLAINTEXT: "maybe" is not a boolean/],
    ["ENTRA_MCP_AUTHORITY", "http://login.example.com", /ENTRA_MCP_AUTHORITY: must use https/],
  ])("%s=%s is rejected with a message naming it and a fix", (name, value, pattern) => {
    const error = errorOf(() => loadAuthConfig(env({ [name]: value })));
    expect(error.message).toMatch(pattern);
    expect(error.message).toContain(name);
    expect(error.message).toMatch(/Fix: /);
    expect(error.code).toMatch(/^(CONFIG_INVALID|CLOUD_INVALID)$/);
  });

  it("app-only mode without any certificate source says what to set", () => {
    const error = errorOf(() =>
      loadAuthConfig(env({ ENTRA_MCP_KEYVAULT_URL: undefined, ENTRA_MCP_CERT_NAME: undefined })),
    );
    expect(error.message).toMatch(/app-only mode needs a certificate/);
    expect(error.message).toMatch(/ENTRA_MCP_CERT_PATH/);
  });

  it("delegated mode needs no certificate", () => {
    const config = loadAuthConfig(
      env({
        ENTRA_MCP_AUTH_MODE: "delegated",
        ENTRA_MCP_KEYVAULT_URL: undefined,
        ENTRA_MCP_CERT_NAME: undefined,
      }),
    );
    expect(config.mode).toBe("delegated");
    expect(config.certificate).toBeUndefined();
  });

  it("a local certificate path replaces Key Vault", () => {
    const config = loadAuthConfig(
      env({
        ENTRA_MCP_KEYVAULT_URL: undefined,
        ENTRA_MCP_CERT_PATH: "cert.pem",
        ENTRA_MCP_CERT_PASSPHRASE: "pw",
      }),
    );
    expect(config.certificate).toEqual({
      source: "file",
      path: join(process.cwd(), "cert.pem"),
      passphrase: "pw",
    });
  });

  it("refuses ENTRA_MCP_CERT_PATH together with ENTRA_MCP_KEYVAULT_URL, naming both", () => {
    const error = errorOf(() => loadAuthConfig(env({ ENTRA_MCP_CERT_PATH: "cert.pem" })));
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toMatch(/ENTRA_MCP_CERT_PATH: is set together with ENTRA_MCP_KEYVAULT_URL/);
    expect(error.fix).toMatch(/unset ENTRA_MCP_CERT_PATH .*, or unset ENTRA_MCP_KEYVAULT_URL/);
  });

  it("a vault URL from the team config file gives way to ENTRA_MCP_CERT_PATH (env wins per key)", () => {
    const file = join(dir, "team-with-vault.json");
    writeFileSync(
      file,
      JSON.stringify({
        tenantId: TENANT,
        clientId: CLIENT,
        keyVaultUrl: "https://file-vault.vault.azure.net",
      }),
    );
    const config = loadAuthConfig({
      XDG_CONFIG_HOME: dir,
      ENTRA_MCP_CONFIG: file,
      ENTRA_MCP_CERT_PATH: "c.pem",
    });
    expect(config.certificate).toMatchObject({ source: "file", path: join(process.cwd(), "c.pem") });
  });

  it("ENTRA_MCP_AUTH_TIMEOUT_SECONDS defaults to 15 s, takes decimals and rejects what is not seconds", () => {
    expect(loadAuthConfig(env()).networkTimeoutMs).toBe(15_000);
    expect(loadAuthConfig(env({ ENTRA_MCP_AUTH_TIMEOUT_SECONDS: "0.5" })).networkTimeoutMs).toBe(500);
    expect(loadAuthConfig(env({ ENTRA_MCP_AUTH_TIMEOUT_SECONDS: "30" })).networkTimeoutMs).toBe(30_000);
    for (const bad of ["15s", "0", "-1", "1e9", "601"]) {
      const error = errorOf(() => loadAuthConfig(env({ ENTRA_MCP_AUTH_TIMEOUT_SECONDS: bad })));
      expect(error.message).toMatch(
        /ENTRA_MCP_AUTH_TIMEOUT_SECONDS: .* is not a number of seconds between 0\.1 and 600/,
      );
      expect(error.fix).toMatch(/ENTRA_MCP_AUTH_TIMEOUT_SECONDS=15 /);
    }
  });

  it("parses ENTRA_MCP_BROWSER into argv without a shell, and 'none' means device code", () => {
    expect(
      loadAuthConfig(env({ ENTRA_MCP_BROWSER: 'node "/opt/my tools/browser.js" --flag' })).browserCommand,
    ).toEqual(["node", "/opt/my tools/browser.js", "--flag"]);
    expect(loadAuthConfig(env({ ENTRA_MCP_BROWSER: "none" })).browserCommand).toEqual([]);
  });

  it("an External ID authority without a path gets the tenant appended", () => {
    const config = loadAuthConfig(env({ ENTRA_MCP_AUTHORITY: "https://contoso.ciamlogin.com/" }));
    expect(config.authority).toBe(`https://contoso.ciamlogin.com/${TENANT}`);
  });

  it("reads sovereign clouds and checks the vault suffix against them", () => {
    const gov = loadAuthConfig(
      env({ ENTRA_MCP_CLOUD: "usgov", ENTRA_MCP_KEYVAULT_URL: "https://v.vault.usgovcloudapi.net" }),
    );
    expect(gov.authority).toBe(`https://login.microsoftonline.us/${TENANT}`);
    expect(() => loadAuthConfig(env({ ENTRA_MCP_CLOUD: "china" }))).toThrow(/expected \*\.vault\.azure\.cn/);
  });

  it("loads a custom cloud file and reports broken ones field by field", () => {
    const good = join(dir, "cloud.json");
    writeFileSync(
      good,
      JSON.stringify({
        name: "lab",
        authorityHost: "https://127.0.0.1:8443/",
        keyVault: { audience: "https://vault.azure.net", dnsSuffix: "127.0.0.1" },
        resources: { graph: { endpoint: "https://127.0.0.1:9443", audience: "https://graph.microsoft.com" } },
      }),
    );
    const config = loadAuthConfig(
      env({ ENTRA_MCP_CLOUD: good, ENTRA_MCP_KEYVAULT_URL: "https://127.0.0.1:7443" }),
    );
    expect(config.cloud).toMatchObject({
      name: "lab",
      authorityHost: "https://127.0.0.1:8443",
      disableInstanceDiscovery: true,
    });
    expect(config.authority).toBe(`https://127.0.0.1:8443/${TENANT}`);

    const bad = join(dir, "bad-cloud.json");
    writeFileSync(
      bad,
      JSON.stringify({ name: "lab", authorityHost: "http://x", keyVault: {}, resources: {} }),
    );
    const error = errorOf(() => loadAuthConfig(env({ ENTRA_MCP_CLOUD: bad })));
    expect(error.message).toMatch(/authorityHost: must be an https:\/\/ URL/);
    expect(error.message).toMatch(/keyVault\.audience/);
  });

  it("takes non-secret values from the config file; the environment wins", () => {
    const file = join(dir, "team.json");
    writeFileSync(
      file,
      JSON.stringify({
        tenantId: TENANT,
        clientId: CLIENT,
        keyVaultUrl: "https://file-vault.vault.azure.net",
        certName: "from-file",
      }),
    );
    const config = loadAuthConfig({
      XDG_CONFIG_HOME: dir,
      ENTRA_MCP_CONFIG: file,
      ENTRA_MCP_CERT_NAME: "from-env",
    });
    expect(config.certificate).toEqual({
      source: "keyvault",
      vaultUrl: "https://file-vault.vault.azure.net",
      certName: "from-env",
    });
    expect(config.configFile).toBe(file);
  });

  it("rejects secrets and unknown keys in the config file, and a named file that is missing", () => {
    const file = join(dir, "secretive.json");
    writeFileSync(file, JSON.stringify({ tenantId: TENANT, clientSecret: "s3cret-value" }));
    const error = errorOf(() => loadAuthConfig({ ENTRA_MCP_CONFIG: file }));
    expect(error.code).toBe("CONFIG_FILE_INVALID");
    expect(error.message).toMatch(/clientSecret/);
    expect(error.message).not.toContain("s3cret-value");
    expect(() => loadAuthConfig({ ENTRA_MCP_CONFIG: noFile })).toThrow(/ENTRA_MCP_CONFIG: cannot read/);
  });
});
