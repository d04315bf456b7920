/**
 * Each doctor check fails for the right reason when the emulator's state is broken on purpose, prints
 * the one command that fixes it, exits non-zero — and running that command makes the check pass again.
 */
import { join } from "node:path";
import { type EmptyTenant, type Emulator, startEmulator } from "@entra-mcp/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliResult, jsonOf, privateHome, removePrivateHomes, runCli } from "./support/run-cli.js";

interface Check {
  id: string;
  status: "pass" | "fail" | "warn" | "skip";
  detail: string;
  fix?: string;
}

let emulator: Emulator<EmptyTenant>;
let adminEnv: NodeJS.ProcessEnv;
let teammateEnv: NodeJS.ProcessEnv;
let clientId: string;
const CERT = "entra-mcp-cert";

beforeAll(async () => {
  emulator = await startEmulator({ seed: "empty", caDir: process.env.ENTRA_MCP_EMULATOR_CA_DIR });
  const { home, env: homeEnv } = privateHome();
  const configPath = join(home, "config.json");
  adminEnv = { ...emulator.env, ...homeEnv, ENTRA_MCP_CONFIG: configPath };
  teammateEnv = {
    ...adminEnv,
    AZURE_CLIENT_ID: emulator.env.ENTRA_MCP_EMULATOR_TEAMMATE_CLIENT_ID,
    AZURE_CLIENT_SECRET: emulator.env.ENTRA_MCP_EMULATOR_TEAMMATE_CLIENT_SECRET,
  };
  const upn = emulator.env.ENTRA_MCP_EMULATOR_TEAMMATE_USER_UPN ?? "teammate@contoso.test";
  const provisioned = await runCli(
    ["provision", "--servers", "graph,powerbi", "--user", upn, "--yes", "--json"],
    adminEnv,
  );
  expect(provisioned.code, provisioned.stderr).toBe(0);
  clientId = (jsonOf(provisioned).app as { clientId: string }).clientId;
});
afterAll(async () => {
  await emulator?.stop();
  removePrivateHomes();
});

async function doctor(env: NodeJS.ProcessEnv): Promise<{ result: CliResult; checks: Record<string, Check> }> {
  const result = await runCli(["doctor", "--server", "graph,powerbi", "--json"], env);
  const report = jsonOf(result) as { checks: Check[] };
  return { result, checks: Object.fromEntries(report.checks.map((check) => [check.id, check])) };
}

/** The printed fix for `command`: runnable anywhere, through npx. */
const cli = (command: string) => `npx -y @entra-mcp/cli ${command}`;

/** Runs a printed fix as the admin with the built bin (provision needs --yes without a terminal). */
async function runFix(fix: string | undefined, env: NodeJS.ProcessEnv = adminEnv): Promise<void> {
  expect(fix).toMatch(/^npx -y @entra-mcp\/cli /);
  const args = (fix as string).replace(/^npx -y @entra-mcp\/cli /, "").split(" ");
  if (args[0] === "provision") {
    args.push("--yes");
    if (!args.includes("--servers")) args.push("--servers", "graph,powerbi");
  }
  const result = await runCli(args, env);
  expect(result.code, result.stderr).toBe(0);
}

function expectFailure(
  run: { result: CliResult; checks: Record<string, Check> },
  id: string,
  reason: RegExp,
  fix: string,
) {
  expect(run.result.code, run.result.stderr).toBe(1);
  expect(run.checks[id]?.status, run.result.stderr).toBe("fail");
  expect(run.checks[id]?.detail).toMatch(reason);
  expect(run.checks[id]?.fix).toBe(fix);
  expect(run.result.stderr).toContain(`Fix: ${fix}`);
}

describe("doctor", () => {
  it("starts green", async () => {
    const run = await doctor(adminEnv);
    expect(run.result.code, run.result.stderr).toBe(0);
    const failing = Object.values(run.checks).filter((check) => check.status !== "pass");
    expect(failing).toEqual([]);
  });

  it("key removed from the app: the AADSTS700027 pre-check fails, and so does the real token", async () => {
    const app = emulator.directory.requireApp(clientId);
    for (const key of [...app.keyCredentials]) emulator.directory.removeKeyCredential(clientId, key.keyId);
    const run = await doctor(adminEnv);
    expectFailure(run, "app-key", /not among the app's 0 key\(s\).*AADSTS700027/, cli("provision"));
    expect(run.checks["token:graph"]?.status).toBe("fail");
    expect(run.checks["token:graph"]?.detail).toMatch(/AADSTS700027/);
    await runFix(run.checks["app-key"]?.fix);
    const after = await doctor(adminEnv);
    expect(after.checks["app-key"]?.status).toBe("pass");
    expect(after.checks["token:graph"]?.status).toBe("pass");
  });

  it("consent revoked: each server's consent check fails (AADSTS65001) naming what is missing", async () => {
    emulator.directory.revokeConsent(clientId);
    const run = await doctor(adminEnv);
    expectFailure(
      run,
      "consent:graph",
      /AADSTS65001.*User\.ReadBasic\.All \(application, Microsoft Graph\)/,
      cli("provision --servers graph"),
    );
    expect(run.checks["consent:powerbi"]?.status).toBe("fail");
    expect(run.checks["consent:powerbi"]?.fix).toBe(cli("provision --servers powerbi"));
    await runFix(run.checks["consent:graph"]?.fix);
    const after = await doctor(adminEnv);
    expect(after.checks["consent:graph"]?.status).toBe("pass");
    expect(after.checks["consent:powerbi"]?.status).toBe("fail");
    await runFix(after.checks["consent:powerbi"]?.fix);
    expect((await doctor(adminEnv)).checks["consent:powerbi"]?.status).toBe("pass");
  });

  it("vault role dropped: the teammate's doctor says so and names add-teammate", async () => {
    const before = await doctor(teammateEnv);
    expect(before.checks["vault-role"]?.status, before.result.stderr).toBe("pass");
    const userOid = emulator.env.ENTRA_MCP_EMULATOR_TEAMMATE_USER_OBJECT_ID as string;
    emulator.vault.removeRole(userOid, "Key Vault Certificate User");
    const run = await doctor(teammateEnv);
    const fix = run.checks["vault-role"]?.fix ?? "";
    expectFailure(run, "vault-role", /may not read certificate "entra-mcp-cert" \(403\)/, fix);
    expect(fix).toMatch(/^npx -y @entra-mcp\/cli add-teammate \S+$/);
    expect(run.checks.certificate?.status).toBe("skip");
    await runFix(fix);
    const after = await doctor(teammateEnv);
    expect(after.checks["vault-role"]?.status, after.result.stderr).toBe("pass");
  });

  it("certificate expired: fails with rotate as the fix", async () => {
    emulator.vault.setExpiry(CERT, new Date(Date.now() - 86_400_000));
    const run = await doctor(adminEnv);
    expectFailure(run, "certificate", /EXPIRED/, cli("rotate"));
    await runFix(run.checks.certificate?.fix);
    const after = await doctor(adminEnv);
    expect(after.checks.certificate?.status, after.result.stderr).toBe("pass");
    expect(after.checks["app-key"]?.status).toBe("pass");
  });

  it("certificate expiring within 30 days also fails", async () => {
    emulator.vault.setExpiry(CERT, new Date(Date.now() + 10 * 86_400_000));
    const run = await doctor(adminEnv);
    expectFailure(run, "certificate", /expires within 30 days/, cli("rotate"));
    await runFix(run.checks.certificate?.fix);
  });

  it("redirect URI removed: the AADSTS50011 check fails", async () => {
    emulator.directory.removeRedirectUri(clientId, "http://localhost");
    const run = await doctor(adminEnv);
    expectFailure(run, "redirect-uri", /AADSTS50011/, cli("provision"));
    await runFix(run.checks["redirect-uri"]?.fix);
    expect((await doctor(adminEnv)).checks["redirect-uri"]?.status).toBe("pass");
  });

  it("a client secret is a warning (exit 0); provision keeps it unless told, then deletes it", async () => {
    emulator.directory.addPasswordCredential(clientId, { displayName: "old secret" });
    const run = await doctor(adminEnv);
    expect(run.result.code).toBe(0);
    expect(run.checks["client-secrets"]).toMatchObject({
      status: "warn",
      fix: cli("provision --delete-client-secrets"),
    });
    const kept = await runCli(["provision", "--servers", "graph,powerbi", "--yes"], adminEnv);
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stderr).toContain('"old secret"');
    expect(emulator.directory.requireApp(clientId).passwordCredentials).toHaveLength(1);
    // Without a terminal and without --yes nothing is applied: the plan is shown, the exit code is 2.
    const unconfirmed = await runCli(
      ["provision", "--servers", "graph,powerbi", "--delete-client-secrets"],
      adminEnv,
    );
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('+ would delete client secret "old secret"');
    expect(unconfirmed.stderr).toContain("Fix: re-run with --yes");
    expect(emulator.directory.requireApp(clientId).passwordCredentials).toHaveLength(1);
    await runFix(run.checks["client-secrets"]?.fix);
    expect(emulator.directory.requireApp(clientId).passwordCredentials).toHaveLength(0);
    expect((await doctor(adminEnv)).checks["client-secrets"]?.status).toBe("pass");
  });

  it("ends green again, and --server narrows the checks", async () => {
    const run = await runCli(["doctor", "--server", "graph", "--json"], adminEnv);
    expect(run.code, run.stderr).toBe(0);
    const ids = (jsonOf(run).checks as Check[]).map((check) => check.id);
    expect(ids).toContain("consent:graph");
    expect(ids).not.toContain("consent:powerbi");
  });

  it("a broken configuration is a failure with its fix", async () => {
    const { env } = privateHome();
    const run = await runCli(["doctor", "--json"], {
      ...emulator.env,
      ...env,
      ENTRA_MCP_TENANT_ID: "",
      AZURE_TENANT_ID: emulator.tenant.tenantId,
    });
    expect(run.code).toBe(1);
    const checks = jsonOf(run).checks as Check[];
    expect(checks[0]).toMatchObject({ id: "config", status: "fail" });
    expect(checks[0]?.detail).toMatch(/ENTRA_MCP_TENANT_ID|ENTRA_MCP_CLIENT_ID/);
  });
});
