/**
 * Client secrets on the app: with a certificate they are only a liability (Microsoft's advice is to
 * remove them). Listed always, deleted only when the person says so (prompt or
 * --delete-client-secrets), never silently.
 */
import { cliCommand } from "../output/cli-command.js";
import type { ProvisionContext } from "./provision-context.js";
import type { Step } from "./step.js";

export const clientSecretsStep: Step<ProvisionContext> = {
  id: "client-secrets",
  title: () => "Client secrets",
  why: "the app authenticates with its certificate; a leftover secret is a credential that can leak",
  async run(ctx, r) {
    const app = ctx.state.app;
    if (!app) {
      r.saw("new app: no client secrets");
      return;
    }
    const secrets = (app.passwordCredentials ?? []).map((secret) => ({
      keyId: secret.keyId,
      displayName: secret.displayName || "(no description)",
      expires: secret.endDateTime?.slice(0, 10) ?? "never",
    }));
    ctx.state.clientSecrets = secrets.map(({ keyId, displayName }) => ({ keyId, displayName }));
    if (secrets.length === 0) {
      r.saw("none");
      return;
    }
    r.saw(
      `${secrets.length} client secret(s): ${secrets.map((s) => `"${s.displayName}" (id ${s.keyId}, expires ${s.expires})`).join(", ")}`,
    );
    if (!ctx.state.deleteClientSecrets) {
      r.warn(
        `kept ${secrets.length} client secret(s); delete them with \`${cliCommand("provision", "--delete-client-secrets")}\` once nothing uses them`,
      );
      return;
    }
    for (const secret of secrets) {
      await r.change(`delete client secret "${secret.displayName}" (id ${secret.keyId})`, () =>
        ctx.clients.graph.removePassword(app.id, secret.keyId),
      );
    }
  },
};
