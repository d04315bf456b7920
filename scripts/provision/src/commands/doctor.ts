/**
 * `entra-mcp doctor [--server graph]`: checks, with the real configuration (ENTRA_MCP_* and the team
 * config file, through auth-core's loadAuthConfig), everything between a server and a token. Each
 * failure names the one command that fixes it; the exit code is 1 when any check fails.
 */
import { type AuthConfig, loadAuthConfig } from "@entra-mcp/auth-core";
import { createClients } from "../clients/create-clients.js";
import { RequestLedger } from "../clients/request-ledger.js";
import { checkAppKey, checkClientSecrets, checkRedirectUri, loadApp } from "../doctor/app-checks.js";
import { type CheckResult, fail, pass } from "../doctor/check.js";
import { checkConsent } from "../doctor/consent-check.js";
import { checkCredential } from "../doctor/credential-check.js";
import type { DoctorContext } from "../doctor/doctor-context.js";
import {
  checkHostedApi,
  checkHostedAudience,
  checkHostedAuthority,
  checkHostedMetadata,
  checkHostedRoundTrip,
  type HostedTarget,
} from "../doctor/hosted-checks.js";
import { printCheck } from "../doctor/print-check.js";
import { checkTokenCache, checkTokens } from "../doctor/token-checks.js";
import { checkVault } from "../doctor/vault-checks.js";
import { describeError, UsageError } from "../errors.js";
import { hostedUrl } from "../hosted/hosted-options.js";
import { selectServers } from "../manifests/load-manifests.js";
import { repoRoot } from "../manifests/repo-root.js";
import { cliCommand } from "../output/cli-command.js";
import { createAdminCredential } from "../settings/admin-credential.js";
import { listFlag, type ParsedCommand, stringFlag } from "./arguments.js";
import type { Io } from "./command-setup.js";

export async function doctorCommand(parsed: ParsedCommand, io: Io): Promise<number> {
  const rootDir = repoRoot(io.env);
  const servers = selectServers(rootDir, listFlag(parsed.values, "server"));
  const hosted = hostedTarget(parsed);
  const out = io.stderr;
  const checks: CheckResult[] = [];
  const record = (result: CheckResult | CheckResult[]) => {
    for (const check of Array.isArray(result) ? result : [result]) {
      checks.push(check);
      printCheck(out, check);
    }
  };

  let config: AuthConfig;
  try {
    config = loadAuthConfig(io.env);
  } catch (error) {
    const { message, fix } = describeError(error);
    out.write("entra-mcp doctor\n");
    record(fail("config", "Configuration", message, fix ?? cliCommand("provision")));
    return finish(io, parsed, checks, servers);
  }
  const location = config.certificate;
  const vault =
    location?.source === "keyvault" ? { url: location.vaultUrl, certName: location.certName } : undefined;
  out.write(
    `entra-mcp doctor: tenant ${config.tenantId}, client id ${config.clientId}, cloud ${config.cloud.name}, servers ${servers.join(", ")}\n`,
  );
  record(
    pass(
      "config",
      "Configuration",
      `${vault ? `certificate "${vault.certName}" in ${vault.url}` : location?.source === "file" ? `certificate file ${location.path}` : "no certificate (delegated only)"}; ${config.configFile ? `team config ${config.configFile}` : "environment only"}`,
    ),
  );

  const ledger = new RequestLedger();
  ledger.readOnly = true; // doctor only looks
  const credential = await createAdminCredential(config.cloud, config.tenantId);
  const ctx: DoctorContext = {
    config,
    vault,
    credential,
    ledger,
    clients: createClients(config.cloud, credential, ledger, vault?.url ?? "https://vault.invalid"),
    servers,
    rootDir,
    login: undefined,
    certificateThumbprint: undefined,
    app: undefined,
    appKeys: undefined,
    appUnreadable: undefined,
    provisionFlags: [],
  };

  record(await checkCredential(ctx));
  record(await checkVault(ctx));
  const app = ctx.login ? await loadApp(ctx) : undefined;
  if (app) record(app);
  record(checkAppKey(ctx));
  record(await checkConsent(ctx));
  record(checkRedirectUri(ctx));
  record(checkClientSecrets(ctx));
  record(await checkTokenCache(ctx));
  record(await checkTokens(ctx, io.env));
  if (hosted) {
    record(await checkHostedMetadata(ctx, hosted));
    record(checkHostedAuthority(ctx, hosted));
    record(checkHostedAudience(ctx, hosted));
    record(checkHostedApi(ctx, hosted));
    record(await checkHostedRoundTrip(ctx, hosted));
  }
  return finish(io, parsed, checks, servers);
}

/** `--hosted <url> [--sign-in-client <id>]`, checked before anything else. */
function hostedTarget(parsed: ParsedCommand): HostedTarget | undefined {
  const client = stringFlag(parsed.values, "sign-in-client");
  if (parsed.values.hosted === undefined) {
    if (client)
      throw new UsageError(
        "--sign-in-client only applies with --hosted <url>.",
        "add --hosted <the server's URL>.",
      );
    return undefined;
  }
  if (client && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(client)) {
    throw new UsageError(
      `--sign-in-client: "${client}" is not a client ID.`,
      "give the MCP client's Application (client) ID, a GUID.",
    );
  }
  return {
    url: hostedUrl("--hosted", stringFlag(parsed.values, "hosted")),
    signInClient: client?.toLowerCase(),
  };
}

function finish(io: Io, parsed: ParsedCommand, checks: CheckResult[], servers: string[]): number {
  const failed = checks.filter((check) => check.status === "fail").length;
  const warned = checks.filter((check) => check.status === "warn").length;
  const skipped = checks.filter((check) => check.status === "skip").length;
  const extras = [warned ? `${warned} warning(s)` : "", skipped ? `${skipped} skipped` : ""]
    .filter(Boolean)
    .join(", ");
  io.stderr.write(
    failed > 0
      ? `\n${failed} check(s) failed${extras ? `, ${extras}` : ""}. Run the Fix line of each, then \`${cliCommand("doctor")}\` again.\n`
      : `\nAll ${checks.filter((c) => c.status === "pass").length} checks passed${extras ? ` (${extras})` : ""}.\n`,
  );
  if (parsed.values.json === true) {
    io.stdout.write(
      `${JSON.stringify({ command: "doctor", ok: failed === 0, servers, failed, warnings: warned, skipped, checks }, null, 2)}\n`,
    );
  }
  return failed > 0 ? 1 : 0;
}
