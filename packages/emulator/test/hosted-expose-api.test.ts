import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmptyTenant, type Emulator, startEmulator } from "../src/index.js";
import { claimsOf, publicClient, thrown } from "./helpers.js";
import { secretToken } from "./support/logins.js";
import { call } from "./support/tokens.js";

const SCOPE_ID = "3f9d1c6e-2a1b-4c5d-8e7f-0a1b2c3d4e5f";
const ROLE_ID = "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d";

/** Provisioning's later job: expose the app's API through Graph, in an empty tenant, and use it. */
describe("exposing an API through Graph (PATCH identifierUris, api, appRoles)", () => {
  let emulator: Emulator<EmptyTenant>;
  let admin: string;
  let app: { id: string; appId: string };
  const graph = (path: string) => `${emulator.urls.graph}/v1.0${path}`;
  const patch = (body: unknown) => call(graph(`/applications/${app.id}`), admin, { method: "PATCH", body });
  const scope = (overrides: Record<string, unknown> = {}) => ({
    id: SCOPE_ID,
    value: "access_as_user",
    type: "User",
    adminConsentDisplayName: "Use the MCP servers",
    adminConsentDescription: "Lets the app call the MCP servers as you.",
    isEnabled: true,
    ...overrides,
  });
  const passwordToken = async (scopes: string[]) => {
    const user = emulator.tenant.testUsers[0];
    if (!user) throw new Error("no test user");
    return publicClient(emulator, emulator.tenant.mcpClientId).acquireTokenByUsernamePassword({
      scopes,
      username: user.username,
      password: user.password,
    });
  };

  beforeAll(async () => {
    emulator = await startEmulator({ seed: "empty" });
    admin = await secretToken(emulator, emulator.tenant.admin, "https://graph.microsoft.com/.default");
    const created = await call(graph("/applications"), admin, {
      method: "POST",
      body: { displayName: "entra-mcp" },
    });
    expect(created.status).toBe(201);
    app = created.body;
    expect(created.body.identifierUris).toEqual([]);
    expect(created.body.api).toMatchObject({ requestedAccessTokenVersion: null, oauth2PermissionScopes: [] });
  });
  afterAll(() => emulator.stop());

  it("PATCH sets the identifier URI, the scope, the pre-authorized MCP client and an app role; the client signs in", async () => {
    const res = await patch({
      identifierUris: [`api://${app.appId}`],
      api: {
        requestedAccessTokenVersion: 2,
        oauth2PermissionScopes: [scope()],
        preAuthorizedApplications: [
          { appId: emulator.tenant.mcpClientId, delegatedPermissionIds: [SCOPE_ID] },
        ],
      },
      appRoles: [
        {
          id: ROLE_ID,
          value: "MCP.Invoke",
          allowedMemberTypes: ["Application"],
          displayName: "Invoke",
          description: "Call the MCP servers as an app.",
          isEnabled: true,
        },
      ],
    });
    expect(res.status).toBe(204);
    const read = await call(graph(`/applications/${app.id}`), admin);
    expect(read.body.identifierUris).toEqual([`api://${app.appId}`]);
    expect(read.body.api.oauth2PermissionScopes).toEqual([expect.objectContaining(scope())]);
    expect(read.body.appRoles).toEqual([expect.objectContaining({ id: ROLE_ID, value: "MCP.Invoke" })]);

    // The API has no service principal yet: as in Entra, no token for it (AADSTS500011).
    const missingSp = await thrown(() => passwordToken([`api://${app.appId}/access_as_user`]));
    expect(missingSp.message).toContain("AADSTS500011");
    expect(
      (await call(graph("/servicePrincipals"), admin, { method: "POST", body: { appId: app.appId } })).status,
    ).toBe(201);
    const sp = await call(graph(`/servicePrincipals(appId='${app.appId}')`), admin);
    expect(sp.body.servicePrincipalNames).toEqual([app.appId, `api://${app.appId}`]);
    expect(sp.body.oauth2PermissionScopes.map((s: { id: string }) => s.id)).toEqual([SCOPE_ID]);

    const result = await passwordToken([`api://${app.appId}/access_as_user`]);
    expect(claimsOf(result?.accessToken ?? "")).toMatchObject({
      aud: app.appId,
      ver: "2.0",
      scp: "access_as_user",
      azp: emulator.tenant.mcpClientId,
    });
  });

  it("Graph's rules: unique identifier URIs, known pre-authorized scope ids, disable before delete", async () => {
    const other = await call(graph("/applications"), admin, {
      method: "POST",
      body: { displayName: "other" },
    });
    const duplicate = await call(graph(`/applications/${other.body.id}`), admin, {
      method: "PATCH",
      body: { identifierUris: [`api://${app.appId}`] },
    });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error.message).toBe(
      "Another object with the same value for property identifierUris already exists.",
    );
    expect((await patch({ identifierUris: ["not a uri"] })).status).toBe(400);

    const unknownId = await patch({
      api: {
        preAuthorizedApplications: [
          {
            appId: emulator.tenant.mcpClientId,
            delegatedPermissionIds: ["00000000-0000-0000-0000-000000000001"],
          },
        ],
      },
    });
    expect(unknownId.status).toBe(400);

    const enabled = await patch({ api: { oauth2PermissionScopes: [] } });
    expect(enabled.status).toBe(400);
    expect(enabled.body.error).toMatchObject({
      code: "CannotDeleteOrUpdateEnabledEntitlement",
      message: "Permission (scope or role) cannot be deleted or updated unless disabled first.",
    });

    // Disabled first, the scope no longer gets into tokens; then it can go.
    expect((await patch({ api: { oauth2PermissionScopes: [scope({ isEnabled: false })] } })).status).toBe(
      204,
    );
    const disabled = await thrown(() => passwordToken([`api://${app.appId}/access_as_user`]));
    expect(disabled.message).toContain("AADSTS70011");
    expect((await patch({ api: { preAuthorizedApplications: [], oauth2PermissionScopes: [] } })).status).toBe(
      204,
    );
    const read = await call(graph(`/applications/${app.id}`), admin);
    expect(read.body.api).toMatchObject({ requestedAccessTokenVersion: 2, oauth2PermissionScopes: [] });
    expect(read.body.identifierUris).toEqual([`api://${app.appId}`]);
  });
});
