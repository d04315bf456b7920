/**
 * Hosted team mode (`provision --hosted`): the app exposes its own API so MCP clients can sign users
 * in for it: the App ID URI api://<client-id>, the delegated scope access_as_user, the app role
 * MCP.Invoke (apps calling as themselves), v2.0 access tokens (the server validates v2 issuers), and
 * the MCP clients the admin names pre-authorized for the scope (their users are never asked to
 * consent: that is the MCP client's permission to call the API).
 *
 * Two PATCHes, because Graph checks pre-authorized permission ids against the scopes already saved:
 * scopes first, then pre-authorization. Ids of existing scopes and roles are kept (clients and
 * grants refer to them); only missing pieces are added, so a second run writes nothing.
 */
import { randomUUID } from "node:crypto";
import type {
  GraphApplication,
  GraphAppRole,
  GraphPermissionScope,
  GraphPreAuthorizedApplication,
} from "../clients/graph-types.js";
import type { ProvisionContext } from "./provision-context.js";
import type { Step } from "./step.js";

export const API_SCOPE = "access_as_user";
export const API_APP_ROLE = "MCP.Invoke";

export const hostedApiStep: Step<ProvisionContext> = {
  id: "hosted-api",
  title: () => "Hosted API (Expose an API)",
  why: "MCP clients sign users in for api://<client-id>/access_as_user; the hosted server accepts only those v2.0 tokens",
  applies: (ctx) => ctx.options.hosted !== undefined,
  async run(ctx, r) {
    const hosted = ctx.options.hosted;
    if (!hosted) return;
    const app = ctx.state.app;
    const clientId = app?.appId ?? "<new client id>";
    const uri = `api://${clientId}`;
    const preAuth = hosted.preAuthorize;
    if (!app) {
      // Planning against a tenant without the app: everything below is new.
      await r.change(
        `expose the API: identifier URI ${uri}, scope ${API_SCOPE}, app role ${API_APP_ROLE}, v2.0 access tokens`,
        async () => undefined,
      );
      if (preAuth.length > 0)
        await r.change(`pre-authorize ${preAuth.join(", ")} for ${API_SCOPE}`, async () => undefined);
      return;
    }
    const { graph } = ctx.clients;
    const { patch, what, scopeId } = exposePatch(app, uri);
    if (what.length === 0) r.saw(`${uri}/${API_SCOPE}, app role ${API_APP_ROLE}, v2.0 access tokens`);
    else await r.change(`expose the API: ${what.join("; ")}`, () => graph.updateApplication(app.id, patch));

    const current = app.api?.preAuthorizedApplications ?? [];
    const scopesAfter =
      (patch.api as { oauth2PermissionScopes?: GraphPermissionScope[] } | undefined)
        ?.oauth2PermissionScopes ??
      app.api?.oauth2PermissionScopes ??
      [];
    const { list, added, stale } = preAuthorized(
      current,
      preAuth,
      scopeId,
      new Set(scopesAfter.map((s) => s.id)),
    );
    if (stale.length > 0) {
      await r.change(
        `drop pre-authorizations of scopes the app no longer has (${stale.join(", ")})${added.length > 0 ? `; pre-authorize ${added.join(", ")} for ${API_SCOPE}` : ""}`,
        () => graph.updateApplication(app.id, { api: { preAuthorizedApplications: list } }),
      );
    } else if (preAuth.length === 0 && current.length === 0) {
      r.note(
        "no MCP client is pre-authorized (--preauthorize <client id>): its users are asked to consent to access_as_user, or an admin grants it",
      );
    } else if (added.length === 0) {
      r.saw(`pre-authorized for ${API_SCOPE}: ${current.map((p) => p.appId).join(", ") || "none"}`);
    } else {
      await r.change(`pre-authorize ${added.join(", ")} for ${API_SCOPE}`, () =>
        graph.updateApplication(app.id, { api: { preAuthorizedApplications: list } }),
      );
    }
    ctx.state.app = {
      ...app,
      identifierUris: (patch.identifierUris as string[] | undefined) ?? app.identifierUris,
      appRoles: (patch.appRoles as GraphAppRole[] | undefined) ?? app.appRoles,
      api: {
        ...app.api,
        requestedAccessTokenVersion: 2,
        oauth2PermissionScopes:
          (patch.api as { oauth2PermissionScopes?: GraphPermissionScope[] } | undefined)
            ?.oauth2PermissionScopes ?? app.api?.oauth2PermissionScopes,
        preAuthorizedApplications: list,
      },
    };
  },
};

/** What the app lacks of the exposed API, as one PATCH body (empty `what`: nothing to do). */
function exposePatch(
  app: GraphApplication,
  uri: string,
): { patch: Record<string, unknown>; what: string[]; scopeId: string } {
  const patch: Record<string, unknown> = {};
  const api: Record<string, unknown> = {};
  const what: string[] = [];
  const uris = app.identifierUris ?? [];
  if (!uris.includes(uri)) {
    patch.identifierUris = [...uris, uri];
    what.push(`identifier URI ${uri}`);
  }
  const scopes = app.api?.oauth2PermissionScopes ?? [];
  const existing = scopes.find((s) => s.value === API_SCOPE);
  const scopeId = existing?.id ?? randomUUID();
  if (!existing?.isEnabled) {
    api.oauth2PermissionScopes = [
      ...scopes.filter((s) => s.value !== API_SCOPE),
      {
        id: scopeId,
        value: API_SCOPE,
        type: "User",
        isEnabled: true,
        adminConsentDisplayName: "Use the entra-mcp servers as the signed-in user",
        adminConsentDescription:
          "Lets an MCP client call the hosted entra-mcp servers, which then call Microsoft APIs on behalf of the signed-in user.",
        userConsentDisplayName: "Use the entra-mcp servers as you",
        userConsentDescription:
          "Lets the app call the hosted entra-mcp servers, which call Microsoft APIs on your behalf.",
      },
    ];
    what.push(existing ? `turn scope ${API_SCOPE} back on` : `scope ${API_SCOPE}`);
  }
  const roles = app.appRoles ?? [];
  const role = roles.find((a) => a.value === API_APP_ROLE);
  if (!role?.isEnabled) {
    patch.appRoles = [
      ...roles.filter((a) => a.value !== API_APP_ROLE),
      {
        id: role?.id ?? randomUUID(),
        value: API_APP_ROLE,
        allowedMemberTypes: ["Application"],
        displayName: "Invoke the entra-mcp servers",
        description: "Lets an application call the hosted entra-mcp servers as itself.",
        isEnabled: true,
      },
    ];
    what.push(role ? `turn app role ${API_APP_ROLE} back on` : `app role ${API_APP_ROLE}`);
  }
  if (app.api?.requestedAccessTokenVersion !== 2) {
    api.requestedAccessTokenVersion = 2;
    what.push(`v2.0 access tokens (was ${app.api?.requestedAccessTokenVersion ?? "null, i.e. v1.0"})`);
  }
  if (Object.keys(api).length > 0) patch.api = api;
  return { patch, what, scopeId };
}

/**
 * The pre-authorized list with each wanted client holding the scope; `added` names the clients
 * changed, `stale` the clients that named a scope the app no longer defines (Graph refuses a list
 * naming an undefined scope, so those ids are dropped, and a client left with none is removed).
 */
function preAuthorized(
  current: GraphPreAuthorizedApplication[],
  wanted: string[],
  scopeId: string,
  defined: Set<string>,
): { list: GraphPreAuthorizedApplication[]; added: string[]; stale: string[] } {
  const stale = current
    .filter((p) => p.delegatedPermissionIds.some((id) => !defined.has(id)))
    .map((p) => p.appId);
  const list = current
    .map((p) => ({
      appId: p.appId,
      delegatedPermissionIds: p.delegatedPermissionIds.filter((id) => defined.has(id)),
    }))
    .filter((p) => p.delegatedPermissionIds.length > 0 || wanted.includes(p.appId.toLowerCase()));
  const added: string[] = [];
  for (const appId of wanted) {
    const entry = list.find((p) => p.appId.toLowerCase() === appId);
    if (entry?.delegatedPermissionIds.includes(scopeId)) continue;
    if (entry) entry.delegatedPermissionIds.push(scopeId);
    else list.push({ appId, delegatedPermissionIds: [scopeId] });
    added.push(appId);
  }
  return { list, added, stale };
}
