import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import { get } from "node:https";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completeSignIn, type DefaultTenant, type Emulator, startEmulator } from "../src/index.js";
import { ensureBuilt } from "./build-once.js";
import { publicClient, thrown } from "./helpers.js";

function httpsJson(url: string, ca: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    get(url, { ca }, (res) => {
      let text = "";
      res.on("data", (chunk) => {
        text += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    }).on("error", reject);
  });
}

/** Runs the scripted browser the way auth-core will: node <browser-cli> <url>, no shell. */
function runBrowser(browserCli: string, url: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [browserCli, url], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  return once(child, "exit").then(([code]) => ({ code: code as number | null, stderr }));
}

describe("the built CLIs", () => {
  let paths: { cli: string; browserCli: string };
  beforeAll(() => {
    paths = ensureBuilt();
  });

  it("`emulator` prints one JSON line with the env, serves it, and stops cleanly on SIGTERM", async () => {
    const env = { ...process.env };
    delete env.ENTRA_MCP_EMULATOR_CA_DIR; // standalone: the CLI makes its own CA
    const child: ChildProcess = spawn(process.execPath, [paths.cli], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout?.on("data", (chunk) => {
      stdout += chunk;
    });
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const [first] = (await once(lines, "line")) as [string];
    const line = JSON.parse(first) as Record<string, string>;
    for (const key of [
      "ENTRA_MCP_TENANT_ID",
      "ENTRA_MCP_CLIENT_ID",
      "ENTRA_MCP_KEYVAULT_URL",
      "ENTRA_MCP_CERT_NAME",
      "ENTRA_MCP_CLOUD",
      "NODE_EXTRA_CA_CERTS",
      "AZURE_TENANT_ID",
      "AZURE_CLIENT_ID",
      "AZURE_CLIENT_SECRET",
      "AZURE_AUTHORITY_HOST",
      "AZURE_TOKEN_CREDENTIALS",
      "NO_PROXY",
      "ENTRA_MCP_EMULATOR_LOGIN_URL",
      "ENTRA_MCP_EMULATOR_VAULT_URL",
      "ENTRA_MCP_EMULATOR_GRAPH_URL",
      "ENTRA_MCP_EMULATOR_POWERBI_URL",
      "ENTRA_MCP_EMULATOR_FABRIC_URL",
      "ENTRA_MCP_EMULATOR_POWERPLATFORM_URL",
      "ENTRA_MCP_EMULATOR_DATAVERSE_URL",
      "ENTRA_MCP_EMULATOR_DATAVERSE2_URL",
      "ENTRA_MCP_EMULATOR_ARM_URL",
      "ENTRA_MCP_EMULATOR_CANARY_URL",
      "ENTRA_MCP_DATAVERSE_URLS",
      "ENTRA_MCP_EMULATOR_SUBSCRIPTION_ID",
      "ENTRA_MCP_EMULATOR_VAULT_RESOURCE_ID",
    ]) {
      expect(line[key], key).toBeTruthy();
    }
    expect(Object.values(line).every((v) => typeof v === "string")).toBe(true);
    expect(line.ENTRA_MCP_DATAVERSE_URLS).toBe(
      `${line.ENTRA_MCP_EMULATOR_DATAVERSE_URL},${line.ENTRA_MCP_EMULATOR_DATAVERSE2_URL}`,
    );
    const cloud = JSON.parse(readFileSync(line.ENTRA_MCP_CLOUD ?? "", "utf8")) as Record<string, unknown>;
    expect(cloud).toEqual({
      name: "emulator",
      authorityHost: line.ENTRA_MCP_EMULATOR_LOGIN_URL,
      keyVault: { audience: "https://vault.azure.net", dnsSuffix: "127.0.0.1" },
      resources: {
        graph: { endpoint: line.ENTRA_MCP_EMULATOR_GRAPH_URL, audience: "https://graph.microsoft.com" },
        powerbi: {
          endpoint: line.ENTRA_MCP_EMULATOR_POWERBI_URL,
          audience: "https://analysis.windows.net/powerbi/api",
        },
        // The emulated app.powerbi.com (embed page, webUrl), named as browsers reach it.
        powerbiapp: {
          endpoint: expect.stringMatching(/^https:\/\/app\.powerbi\.com:\d+$/),
          audience: "https://analysis.windows.net/powerbi/api",
        },
        fabric: {
          endpoint: line.ENTRA_MCP_EMULATOR_FABRIC_URL,
          audience: "https://api.fabric.microsoft.com",
        },
        powerplatform: {
          endpoint: line.ENTRA_MCP_EMULATOR_POWERPLATFORM_URL,
          audience: "https://api.powerplatform.com",
        },
        arm: { endpoint: line.ENTRA_MCP_EMULATOR_ARM_URL, audience: "https://management.azure.com" },
      },
      disableInstanceDiscovery: true,
      disableChallengeResourceVerification: true,
    });
    const ca = readFileSync(line.NODE_EXTRA_CA_CERTS ?? "", "utf8");
    const metadata = await httpsJson(
      `${line.AZURE_AUTHORITY_HOST}/${line.ENTRA_MCP_TENANT_ID}/v2.0/.well-known/openid-configuration`,
      ca,
    );
    expect(metadata.status).toBe(200);

    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
    expect(stdout.trim().split("\n")).toHaveLength(1);
    expect(existsSync(line.ENTRA_MCP_CLOUD ?? "")).toBe(false);
  });

  describe("`emulator-browser` driven like ENTRA_MCP_BROWSER", () => {
    let emulator: Emulator<DefaultTenant>;
    beforeAll(async () => {
      emulator = await startEmulator();
    });
    afterAll(() => emulator.stop());

    it("completes MSAL's interactive sign-in and exits 0", async () => {
      let exit: { code: number | null; stderr: string } | undefined;
      const result = await publicClient(emulator, emulator.tenant.clientId).acquireTokenInteractive({
        scopes: ["User.Read"],
        openBrowser: async (url) => {
          exit = await runBrowser(paths.browserCli, url);
        },
      });
      expect(exit?.code).toBe(0);
      expect(result.account?.username).toBe(emulator.tenant.user.upn);
    });

    it("exits 1 with the AADSTS code on stderr when the sign-in page shows an error", async () => {
      emulator.directory.removeRedirectUri(emulator.tenant.clientId, "http://localhost");
      try {
        let exit: { code: number | null; stderr: string } | undefined;
        await thrown(() =>
          publicClient(emulator, emulator.tenant.clientId).acquireTokenInteractive({
            scopes: ["User.Read"],
            openBrowser: async (url) => {
              exit = await runBrowser(paths.browserCli, url);
              // The real browser would sit on the error page; tell MSAL to give up.
              await completeSignIn(url);
            },
          }),
        );
        expect(exit?.code).toBe(1);
        expect(exit?.stderr).toMatch(/^AADSTS50011: The redirect URI/);
      } finally {
        emulator.directory.addRedirectUri(emulator.tenant.clientId, "http://localhost");
      }
    });
  });
});
