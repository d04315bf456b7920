/**
 * `entra-mcp provision`: validate and merge the selected servers' permission manifests, resolve names to
 * IDs, plan every step with reads only, then (unless --plan, or nothing is to change) apply the plan.
 */
import { resolve } from "node:path";
import { defaultConfigPath } from "@entra-mcp/auth-core";
import { UsageError } from "../errors.js";
import { type HostedOptions, hostedOptions } from "../hosted/hosted-options.js";
import { loadManifests, selectServers } from "../manifests/load-manifests.js";
import { repoRoot } from "../manifests/repo-root.js";
import {
  catalogOf,
  type ResourceCatalog,
  resolvePermissions,
  resourceAppIds,
} from "../manifests/resolve-permissions.js";
import { readServerInfo } from "../manifests/server-info.js";
import { type HostedLines, hostedLines, printHostedLines } from "../output/hosted-lines.js";
import { type InstallLines, installLines } from "../output/install-lines.js";
import { type InstallPlatform, installPlatform } from "../output/install-platform.js";
import { printInstallLines } from "../output/print-install-lines.js";
import { confirm } from "../output/prompt.js";
import { type ProvisionOutcome, provisionSummary } from "../output/provision-summary.js";
import { stepPrinter } from "../output/step-printer.js";
import { emptyState, type ProvisionContext, type ProvisionOptions } from "../steps/provision-context.js";
import { PROVISION_STEPS } from "../steps/provision-steps.js";
import { countChanges, runSteps } from "../steps/run-steps.js";
import type { StepReport } from "../steps/step.js";
import { listFlag, type ParsedCommand, stringFlag } from "./arguments.js";
import { type CommandSetup, type Io, setupCommand, teamConfigPath } from "./command-setup.js";

const WORKSPACE_ACCESS = ["Admin", "Member", "Contributor", "Viewer"];

export async function provisionCommand(parsed: ParsedCommand, io: Io): Promise<number> {
  const { values } = parsed;
  const planOnly = values.plan === true;
  const json = values.json === true;
  // Checked before anything else: a typo here should not cost a run against the tenant.
  const platform = installPlatform(stringFlag(values, "platform"));
  const root = repoRoot(io.env);
  const servers = selectServers(root, listFlag(values, "servers"));
  const hosted = hostedFlags(values, servers);
  // Offline checks first: a broken manifest should fail before anything touches the network.
  const files = loadManifests(root, servers);
  const setup = await setupCommand(parsed, io);
  const options = { ...provisionOptions(parsed, io, servers, setup), ...(hosted ? { hosted } : {}) };
  const err = io.stderr;
  err.write(
    `entra-mcp provision${planOnly ? " --plan" : ""}: tenant ${setup.tenantId}, cloud ${setup.cloud.name}, app "${options.appName}", vault ${options.vaultUrl}, certificate "${options.certName}"\n`,
  );
  err.write(`Servers: ${servers.join(", ")} (${files.length} permission manifests)\n`);
  if (hosted)
    err.write(
      `Hosted: ${hosted.publicUrl} (pre-authorized clients: ${hosted.preAuthorize.join(", ") || "none"})\n`,
    );

  setup.ledger.readOnly = true;
  const catalogs = new Map<string, ResourceCatalog | undefined>();
  for (const appId of resourceAppIds(files)) {
    const sp = await setup.clients.graph.findServicePrincipal(appId);
    catalogs.set(appId, sp ? catalogOf(sp) : undefined);
  }
  const resources = resolvePermissions(files, catalogs);
  for (const resource of resources) {
    err.write(
      `  ${resource.resource}: ${resource.appRoles.length} application (${names(resource.appRoles)}), ${resource.scopes.length} delegated (${names(resource.scopes)})\n`,
    );
  }

  const context: ProvisionContext = {
    applying: false,
    tenantId: setup.tenantId,
    cloud: setup.cloud,
    cloudSetting: setup.cloudSetting,
    options,
    clients: setup.clients,
    resources,
    state: emptyState(options.deleteClientSecrets),
  };
  err.write("\nPlan (read-only checks):\n");
  const plan = await runSteps(context, PROVISION_STEPS, stepPrinter(err, "plan"));
  let reports = plan.reports;
  let changes = countChanges(reports);
  let failed = plan.failed;
  let applied = false;

  if (
    !failed &&
    !planOnly &&
    context.state.clientSecrets.length > 0 &&
    !options.deleteClientSecrets &&
    io.interactive
  ) {
    const count = context.state.clientSecrets.length;
    if (await confirm(io, `Delete the app's ${count} client secret(s) now? [y/N] `)) {
      context.state.deleteClientSecrets = true;
      changes += count;
    }
  }

  if (failed) {
    err.write("\nStopped: a check failed (see above). Nothing was changed.\n");
  } else if (changes === 0) {
    err.write("\nNothing to change.\n");
  } else if (planOnly) {
    err.write(`\nPlan: ${changes} change(s). --plan: nothing was changed.\n`);
  } else {
    if (values.yes !== true) {
      if (!io.interactive) {
        throw new UsageError(
          `${changes} change(s) planned, and there is no terminal to confirm them.`,
          "re-run with --yes to apply them (or --plan to only see them).",
        );
      }
      if (!(await confirm(io, `Apply ${changes} change(s)? [y/N] `))) {
        err.write("Cancelled; nothing was changed.\n");
        return finish(
          io,
          setup,
          options,
          reports,
          { json, platform, planOnly, applied, failed: false, cancelled: true },
          context,
        );
      }
    }
    setup.ledger.readOnly = false;
    err.write(`\nApplying ${changes} change(s):\n`);
    const applyContext: ProvisionContext = {
      ...context,
      applying: true,
      state: emptyState(context.state.deleteClientSecrets),
    };
    const result = await runSteps(applyContext, PROVISION_STEPS, stepPrinter(err, "apply"));
    reports = result.reports;
    failed = result.failed;
    applied = true;
    context.state = applyContext.state;
    err.write(
      failed
        ? "\nStopped: a step failed (see above). Steps before it were applied; fix the problem and run the same command again.\n"
        : `\nDone: ${countChanges(reports)} change(s) applied.\n`,
    );
  }
  return finish(
    io,
    setup,
    options,
    reports,
    { json, platform, planOnly, applied, failed, cancelled: false },
    context,
  );
}

function finish(
  io: Io,
  setup: CommandSetup,
  options: ProvisionOptions,
  reports: StepReport[],
  outcome: ProvisionOutcome & { json: boolean; platform: InstallPlatform },
  context?: ProvisionContext,
): number {
  const app = context?.state.app;
  const root = repoRoot(io.env);
  const lines: InstallLines[] =
    app && !outcome.failed
      ? options.servers.map((server) =>
          installLines(
            readServerInfo(root, server),
            {
              tenantId: setup.tenantId,
              clientId: app.appId,
              keyVaultUrl: options.vaultUrl,
              certName: options.certName,
              cloud: setup.cloudSetting,
              dataverseUrls: options.environments,
            },
            outcome.platform,
          ),
        )
      : [];
  const hosted: HostedLines | undefined =
    app && !outcome.failed && options.hosted
      ? hostedLines(
          readServerInfo(root, options.servers[0] as string),
          {
            tenantId: setup.tenantId,
            clientId: app.appId,
            keyVaultUrl: options.vaultUrl,
            certName: options.certName,
            cloud: setup.cloudSetting,
            dataverseUrls: options.environments,
          },
          options.hosted,
        )
      : undefined;
  io.stderr.write(`Requests: ${setup.ledger.reads} read(s), ${setup.ledger.writes} write(s).\n`);
  if (outcome.json) {
    const summary = provisionSummary({ setup, options, reports, outcome, state: context?.state, lines });
    io.stdout.write(`${JSON.stringify({ ...summary, ...(hosted ? { hosted } : {}) }, null, 2)}\n`);
  } else if (hosted) {
    printHostedLines(io.stdout, hosted, options.vaultUrl);
  } else if (lines.length > 0) {
    printInstallLines(
      io.stdout,
      lines,
      options.configOut,
      options.configOut === defaultConfigPath(process.platform, io.env),
    );
  }
  return outcome.failed ? 1 : 0;
}

function provisionOptions(
  parsed: ParsedCommand,
  io: Io,
  servers: string[],
  setup: CommandSetup,
): ProvisionOptions {
  const { values } = parsed;
  const workspaceAccess = stringFlag(values, "workspace-access") ?? "Member";
  if (!WORKSPACE_ACCESS.includes(workspaceAccess)) {
    throw new UsageError(
      `--workspace-access: "${workspaceAccess}" is not a workspace role.`,
      `use one of ${WORKSPACE_ACCESS.join(", ")}.`,
    );
  }
  const environments = listFlag(values, "environment").map((url) => {
    try {
      const parsedUrl = new URL(url);
      if (parsedUrl.protocol !== "https:") throw new Error("not https");
      return parsedUrl.origin;
    } catch {
      throw new UsageError(
        `--environment: "${url}" is not an https URL.`,
        "pass the environment URL, e.g. https://contoso.crm.dynamics.com.",
      );
    }
  });
  const configOut = stringFlag(values, "config-out");
  return {
    servers,
    appName: setup.appName,
    vaultUrl: setup.vaultUrl,
    certName: setup.certName,
    pkcs12: values.pkcs12 === true,
    users: listFlag(values, "user"),
    workspaces: listFlag(values, "workspace", false),
    environments,
    dataverseRole: stringFlag(values, "dataverse-role") ?? "Basic User",
    workspaceAccess,
    configOut: configOut ? resolve(configOut) : teamConfigPath(io.env),
    deleteClientSecrets: values["delete-client-secrets"] === true,
  };
}

/** `--hosted --public-url <url> [--preauthorize <id,...>]`, checked offline; undefined without --hosted. */
function hostedFlags(values: ParsedCommand["values"], servers: string[]): HostedOptions | undefined {
  const url = stringFlag(values, "public-url");
  const preAuthorize = listFlag(values, "preauthorize");
  if (values.hosted !== true) {
    if (url || preAuthorize.length > 0) {
      throw new UsageError(
        `${url ? "--public-url" : "--preauthorize"} only applies to hosted mode.`,
        "add --hosted (provision --hosted --public-url <https url> [--preauthorize <client id>]).",
      );
    }
    return undefined;
  }
  const hosted = hostedOptions(url, preAuthorize);
  if (servers.length !== 1) {
    throw new UsageError(
      `--hosted sets up one server at one URL, but ${servers.length} servers are selected (${servers.join(", ")}).`,
      "pass --servers <one of them> with the --public-url it is served at (run it once per hosted server).",
    );
  }
  return hosted;
}

const names = (list: { name: string }[]): string => list.map((p) => p.name).join(", ") || "none";
