import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmptyTenant, type Emulator, startEmulator } from "../src/index.js";
import { claimsOf } from "./helpers.js";
import { deviceCodeToken, GRAPH_IDS, secretToken } from "./support/logins.js";
import { call } from "./support/tokens.js";

describe("oauth2PermissionGrants are the delegated consent store", () => {
  let emulator: Emulator<EmptyTenant>;
  let admin: string;
  let clientId: string;
  let clientSpId: string;
  let graphSpId: string;
  const graph = (path: string) => `${emulator.urls.graph}/v1.0${path}`;
  const delegated = () => deviceCodeToken(emulator, clientId, ["https://graph.microsoft.com/.default"]);
  /** The device code flow over raw HTTP, so the test sees the token endpoint's error_description. */
  const refusal = async (): Promise<string> => {
    const authority = `${emulator.urls.login}/${emulator.tenant.tenantId}/oauth2/v2.0`;
    const form = (fields: Record<string, string>) => ({
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });
    const code = (await (
      await fetch(
        `${authority}/devicecode`,
        form({ client_id: clientId, scope: "https://graph.microsoft.com/.default" }),
      )
    ).json()) as { device_code: string; user_code: string };
    emulator.approveDeviceCode(code.user_code);
    const res = await fetch(
      `${authority}/token`,
      form({
        client_id: clientId,
        grant_type: "urn:ietf:params:oauth:grant-type:device_code",
        device_code: code.device_code,
      }),
    );
    const body = (await res.json()) as { error?: string; error_description?: string };
    return `${res.status} ${body.error} ${body.error_description}`;
  };

  beforeAll(async () => {
    emulator = await startEmulator({ seed: "empty" });
    admin = await secretToken(emulator, emulator.tenant.admin, "https://graph.microsoft.com/.default");
    const app = emulator.directory.addApplication({
      displayName: "delegated client",
      publicClientRedirectUris: ["http://localhost"],
      isFallbackPublicClient: true,
    });
    clientId = app.clientId;
    clientSpId = emulator.directory.requireServicePrincipal(clientId).objectId;
    graphSpId = emulator.directory.requireServicePrincipal(GRAPH_IDS.appId).objectId;
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it("no grant: a delegated token is refused with AADSTS65001", async () => {
    expect(await refusal()).toMatch(/^400 invalid_grant AADSTS65001: /);
  });

  it("an AllPrincipals grant gives the next token exactly its scopes; a second POST is refused", async () => {
    const body = {
      clientId: clientSpId,
      consentType: "AllPrincipals",
      resourceId: graphSpId,
      scope: "User.Read",
    };
    const created = await call(graph("/oauth2PermissionGrants"), admin, { method: "POST", body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...body, principalId: null });
    expect(created.body.id).toMatch(/^[\w-]{43}$/);

    const filter = `clientId eq '${clientSpId}' and consentType eq 'AllPrincipals' and resourceId eq '${graphSpId}'`;
    const found = await call(graph(`/oauth2PermissionGrants?$filter=${encodeURIComponent(filter)}`), admin);
    expect(found.status).toBe(200);
    expect(found.body.value).toEqual([expect.objectContaining({ id: created.body.id, scope: "User.Read" })]);
    const other = await call(graph(`/oauth2PermissionGrants?$filter=clientId eq '${graphSpId}'`), admin);
    expect(other.body.value).toEqual([]);

    const duplicate = await call(graph("/oauth2PermissionGrants"), admin, { method: "POST", body });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error).toMatchObject({
      code: "Request_BadRequest",
      message: "Permission entry already exists.",
    });

    expect(claimsOf(await delegated()).scp).toBe("User.Read");
  });

  it("PATCH replaces the scopes the next token carries; DELETE revokes consent", async () => {
    const grant = emulator.directory.consent.delegatedGrants.find((g) => g.clientId === clientSpId);
    const url = graph(`/oauth2PermissionGrants/${grant?.id}`);
    const patched = await call(url, admin, { method: "PATCH", body: { scope: "User.Read Mail.Read" } });
    expect(patched.status).toBe(204);
    expect((await call(url, admin)).body.scope).toBe("User.Read Mail.Read");
    expect(
      claimsOf(await delegated())
        .scp?.toString()
        .split(" ")
        .sort(),
    ).toEqual(["Mail.Read", "User.Read"]);

    expect((await call(url, admin, { method: "DELETE" })).status).toBe(204);
    expect((await call(url, admin)).status).toBe(404);
    expect(await refusal()).toMatch(/^400 invalid_grant AADSTS65001: /);
  });

  it("needs DelegatedPermissionGrant.ReadWrite.All", async () => {
    const teammate = await secretToken(
      emulator,
      emulator.tenant.teammate,
      "https://graph.microsoft.com/.default",
    );
    const denied = await call(graph("/oauth2PermissionGrants"), teammate);
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe("Authorization_RequestDenied");
  });
});
