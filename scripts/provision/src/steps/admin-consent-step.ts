/**
 * Admin consent, as "Grant admin consent" in the portal does it: an app role assignment per
 * application permission, and one tenant-wide (AllPrincipals) delegated grant per resource API with
 * its scopes. Existing grants are extended, never narrowed.
 */
import type { ProvisionContext } from "./provision-context.js";
import type { Step } from "./step.js";

export const adminConsentStep: Step<ProvisionContext> = {
  id: "admin-consent",
  title: () => "Admin consent",
  why: "without it every token request fails with AADSTS65001 (no consent)",
  async run(ctx, r) {
    const { graph } = ctx.clients;
    const sp = ctx.state.servicePrincipal;
    for (const resource of ctx.resources) {
      const roleNames = resource.appRoles.map((p) => p.name);
      const scopeNames = resource.scopes.map((p) => p.name);
      if (!sp) {
        if (roleNames.length > 0)
          await r.change(`grant ${resource.resource} application permissions: ${roleNames.join(", ")}`, noop);
        if (scopeNames.length > 0)
          await r.change(
            `grant ${resource.resource} delegated permissions for all users: ${scopeNames.join(" ")}`,
            noop,
          );
        continue;
      }
      if (roleNames.length > 0) {
        const assigned = new Set(
          (await graph.appRoleAssignments(resource.spId, sp.id)).map((a) => a.appRoleId.toLowerCase()),
        );
        const missing = resource.appRoles.filter((p) => !assigned.has(p.id.toLowerCase()));
        if (missing.length === 0)
          r.saw(`${resource.resource}: application permissions granted (${roleNames.join(", ")})`);
        else {
          r.saw(
            `${resource.resource}: ${missing.length} of ${roleNames.length} application permissions not granted`,
          );
          await r.change(
            `grant ${resource.resource} application permissions: ${missing.map((p) => p.name).join(", ")}`,
            async () => {
              for (const permission of missing)
                await graph.assignAppRole(resource.spId, sp.id, permission.id);
            },
          );
        }
      }
      if (scopeNames.length > 0) {
        const grant = await graph.findAllPrincipalsGrant(sp.id, resource.spId);
        const granted = (grant?.scope ?? "").split(" ").filter(Boolean);
        const missing = scopeNames.filter(
          (name) => !granted.some((g) => g.toLowerCase() === name.toLowerCase()),
        );
        if (missing.length === 0) {
          r.saw(
            `${resource.resource}: delegated permissions granted for all users (${scopeNames.join(" ")})`,
          );
        } else if (!grant) {
          r.saw(`${resource.resource}: no tenant-wide delegated grant`);
          await r.change(
            `grant ${resource.resource} delegated permissions for all users: ${missing.join(" ")}`,
            () => graph.createGrant(sp.id, resource.spId, scopeNames.join(" ")),
          );
        } else {
          r.saw(`${resource.resource}: delegated grant lacks ${missing.join(" ")}`);
          await r.change(`extend the ${resource.resource} delegated grant with: ${missing.join(" ")}`, () =>
            graph.updateGrant(grant.id, [...granted, ...missing].join(" ")),
          );
        }
      }
      if (roleNames.length === 0 && scopeNames.length === 0)
        r.saw(`${resource.resource}: nothing to consent`);
    }
  },
};

const noop = async (): Promise<void> => undefined;
