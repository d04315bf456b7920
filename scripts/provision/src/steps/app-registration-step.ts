/**
 * The app registration: found by its uniqueName (the stable identity a re-run uses), created with
 * PATCH + `Prefer: create-if-missing` if missing, otherwise updated only where it lacks something:
 * single tenant, the manifests' permissions, the http://localhost public-client redirect URI
 * (delegated sign-in) and public client flows (device code).
 */
import type { ProvisionContext } from "./provision-context.js";
import { mergeRequiredAccess } from "./required-access.js";
import type { Step } from "./step.js";

export const LOCALHOST_REDIRECT = "http://localhost";
const SINGLE_TENANT = "AzureADMyOrg";

export const appRegistrationStep: Step<ProvisionContext> = {
  id: "app-registration",
  title: (ctx) => `App registration "${ctx.options.appName}"`,
  why: "the identity every server signs in as; its manifest lists the permissions admins consent to",
  async run(ctx, r) {
    const { graph } = ctx.clients;
    const name = ctx.options.appName;
    const existing = await graph.findApplication(name);
    const access = mergeRequiredAccess(existing?.requiredResourceAccess ?? [], ctx.resources);
    const summary = access.added.map((a) => `${a.resource}: ${a.names.join(", ")}`).join("; ");
    const roles = ctx.resources.reduce((n, r) => n + r.appRoles.length, 0);
    const scopes = ctx.resources.reduce((n, r) => n + r.scopes.length, 0);
    if (!existing) {
      r.saw(`no app registration with uniqueName "${name}" in tenant ${ctx.tenantId}`);
      ctx.state.app = await r.change(
        `create app registration "${name}" (single tenant; ${roles} application and ${scopes} delegated permissions of ${access.added.length} APIs; public-client redirect ${LOCALHOST_REDIRECT}; public client flows on)`,
        () =>
          graph.upsertApplication(name, {
            displayName: name,
            signInAudience: SINGLE_TENANT,
            requiredResourceAccess: access.merged,
            publicClient: { redirectUris: [LOCALHOST_REDIRECT] },
            isFallbackPublicClient: true,
          }),
      );
      return;
    }
    ctx.state.app = existing;
    r.saw(`app "${existing.displayName}" (client id ${existing.appId}, object id ${existing.id})`);
    const patch: Record<string, unknown> = {};
    const what: string[] = [];
    if (existing.signInAudience && existing.signInAudience !== SINGLE_TENANT) {
      patch.signInAudience = SINGLE_TENANT;
      what.push(`sign-in audience ${existing.signInAudience} → ${SINGLE_TENANT}`);
    }
    if (access.added.length > 0) {
      patch.requiredResourceAccess = access.merged;
      what.push(`add permissions: ${summary}`);
    }
    const redirects = existing.publicClient?.redirectUris ?? [];
    if (!redirects.includes(LOCALHOST_REDIRECT)) {
      patch.publicClient = { redirectUris: [...redirects, LOCALHOST_REDIRECT] };
      what.push(`add public-client redirect URI ${LOCALHOST_REDIRECT}`);
    }
    if (existing.isFallbackPublicClient !== true) {
      patch.isFallbackPublicClient = true;
      what.push("turn on public client flows (device code sign-in)");
    }
    if (what.length === 0) {
      r.saw("single tenant, every permission declared, redirect URI and public client flows set");
      return;
    }
    await r.change(`update the app: ${what.join("; ")}`, () => graph.updateApplication(existing.id, patch));
    ctx.state.app = { ...existing, ...patch } as typeof existing;
  },
};
