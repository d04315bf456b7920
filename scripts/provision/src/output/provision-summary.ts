/** The machine-readable result of `provision --json`: one JSON document, nothing secret in it. */
import type { CommandSetup } from "../commands/command-setup.js";
import type { ProvisionOptions, ProvisionState } from "../steps/provision-context.js";
import { countChanges } from "../steps/run-steps.js";
import type { StepReport } from "../steps/step.js";
import type { InstallLines } from "./install-lines.js";

export interface ProvisionOutcome {
  planOnly: boolean;
  applied: boolean;
  failed: boolean;
  cancelled: boolean;
}

export function provisionSummary(input: {
  setup: CommandSetup;
  options: ProvisionOptions;
  reports: StepReport[];
  outcome: ProvisionOutcome;
  state: ProvisionState | undefined;
  lines: InstallLines[];
}): Record<string, unknown> {
  const { setup, options, reports, outcome, state, lines } = input;
  const app = state?.app;
  const certificate = state?.certificate;
  const changes = countChanges(reports);
  return {
    command: "provision",
    ok: !outcome.failed && !outcome.cancelled,
    plan: outcome.planOnly,
    applied: outcome.applied,
    changes,
    nothingToChange: !outcome.failed && changes === 0,
    tenantId: setup.tenantId,
    cloud: setup.cloudSetting,
    app: app
      ? {
          uniqueName: options.appName,
          clientId: app.appId,
          objectId: app.id,
          servicePrincipalId: state?.servicePrincipal?.id ?? null,
        }
      : null,
    keyVault: {
      url: options.vaultUrl,
      certName: options.certName,
      certificate: certificate
        ? {
            version: certificate.version,
            thumbprintSha1: certificate.thumbprintSha1,
            thumbprintSha256: certificate.thumbprintSha256,
            expiresOn: certificate.expiresOn?.toISOString() ?? null,
          }
        : null,
    },
    configFile: options.configOut,
    steps: reports,
    requests: { reads: setup.ledger.reads, writes: setup.ledger.writes },
    servers: lines,
  };
}
