/** The team config file the servers read (tenant, client id, vault URL, certificate name, cloud; no secrets). */
import { nextTeamConfig, readTeamConfig, sameConfig, writeTeamConfig } from "../settings/team-config-file.js";
import type { ProvisionContext } from "./provision-context.js";
import type { Step } from "./step.js";

export const teamConfigStep: Step<ProvisionContext> = {
  id: "team-config",
  title: () => "Team config file",
  why: "servers started with only ENTRA_MCP_CONFIG (or the default path) find the app, vault and certificate here",
  async run(ctx, r) {
    const path = ctx.options.configOut;
    const app = ctx.state.app;
    const existing = readTeamConfig(path);
    if (!app) {
      await r.change(
        `write ${path} (tenant, the new app's client id, vault, certificate, cloud)`,
        async () => undefined,
      );
      return;
    }
    const next = nextTeamConfig(existing, {
      tenantId: ctx.tenantId,
      clientId: app.appId,
      keyVaultUrl: ctx.options.vaultUrl,
      certName: ctx.options.certName,
      cloud: ctx.cloudSetting,
    });
    if (sameConfig(existing, next)) {
      r.saw(`${path} is up to date`);
      return;
    }
    r.saw(
      existing === undefined
        ? `${path} is not a JSON object; it will be replaced`
        : Object.keys(existing).length === 0
          ? `${path} does not exist`
          : `${path} differs`,
    );
    await r.change(`write ${path}`, async () => writeTeamConfig(path, next));
  },
};
