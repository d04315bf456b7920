/** The app's service principal: its identity in this tenant, which consent and vault roles are granted to. */

import type { ProvisionContext } from "./provision-context.js";
import { retryWhile } from "./retry-while.js";
import type { Step } from "./step.js";

export const servicePrincipalStep: Step<ProvisionContext> = {
  id: "service-principal",
  title: () => "Service principal",
  why: "consent, vault roles, workspace access and Dataverse users are granted to it",
  async run(ctx, r) {
    const app = ctx.state.app;
    if (!app) {
      await r.change("create the new app's service principal", async () => undefined);
      return;
    }
    const existing = await ctx.clients.graph.findServicePrincipal(app.appId);
    if (existing) {
      r.saw(`service principal ${existing.id}`);
      ctx.state.servicePrincipal = existing;
      return;
    }
    r.saw(`app ${app.appId} has no service principal`);
    // A new app can take a few seconds to replicate before Graph accepts its service principal.
    ctx.state.servicePrincipal = await r.change(`create the service principal of ${app.appId}`, () =>
      retryWhile(() => ctx.clients.graph.createServicePrincipal(app.appId), isReplicationLag),
    );
  },
};

function isReplicationLag(error: unknown): boolean {
  const status = (error as { status?: number }).status;
  const message = error instanceof Error ? error.message : "";
  return (status === 400 || status === 404) && /valid application|does not exist|not found/i.test(message);
}
