import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CertificateMaterial,
  createSelfSignedCertificate,
  type EmptyTenant,
  type Emulator,
  startEmulator,
} from "../src/index.js";
import { claimsOf, thrown } from "./helpers.js";
import { certificateToken, GRAPH_IDS, secretToken } from "./support/logins.js";
import { call } from "./support/tokens.js";

const GRAPH_SCOPE = "https://graph.microsoft.com/.default";

describe("Graph application management against an empty tenant, as provisioning drives it", () => {
  let emulator: Emulator<EmptyTenant>;
  let admin: string;
  const graph = (path: string) => `${emulator.urls.graph}/v1.0${path}`;
  const uniqueName = "entra-mcp-team";
  const byUniqueName = () => graph(`/applications(uniqueName='${uniqueName}')`);
  const cert: CertificateMaterial = createSelfSignedCertificate({ subject: "CN=entra-mcp" });
  let app: { id: string; appId: string };
  let spId: string;
  let graphSpId: string;

  beforeAll(async () => {
    emulator = await startEmulator({ seed: "empty" });
    admin = await secretToken(emulator, emulator.tenant.admin, GRAPH_SCOPE);
    graphSpId = emulator.directory.requireServicePrincipal(GRAPH_IDS.appId).objectId;
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it("upserts the app by uniqueName: 404 without Prefer, 201 + body when created, 204 when updated", async () => {
    const body = {
      displayName: "entra-mcp",
      signInAudience: "AzureADMyOrg",
      requiredResourceAccess: [
        {
          resourceAppId: GRAPH_IDS.appId,
          resourceAccess: [
            { id: GRAPH_IDS.userReadAllRole, type: "Role" },
            { id: GRAPH_IDS.userReadScope, type: "Scope" },
          ],
        },
      ],
      publicClient: { redirectUris: ["http://localhost"] },
      isFallbackPublicClient: true,
    };
    const missing = await call(byUniqueName(), admin, { method: "PATCH", body });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("Request_ResourceNotFound");
    expect((await call(byUniqueName(), admin)).status).toBe(404);

    const created = await call(byUniqueName(), admin, {
      method: "PATCH",
      body,
      headers: { prefer: "create-if-missing" },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      uniqueName,
      displayName: "entra-mcp",
      signInAudience: "AzureADMyOrg",
    });
    expect(created.body.requiredResourceAccess).toEqual(body.requiredResourceAccess);
    expect(created.body.publicClient).toEqual({ redirectUris: ["http://localhost"] });
    app = { id: created.body.id, appId: created.body.appId };
    // Graph does not create the service principal with the application.
    expect(emulator.directory.servicePrincipalOf(app.appId)).toBeUndefined();

    const again = await call(byUniqueName(), admin, {
      method: "PATCH",
      body: { ...body, displayName: "entra-mcp (team)" },
      headers: { prefer: "create-if-missing" },
    });
    expect(again.status).toBe(204);
    expect(again.text).toBe("");
    const read = await call(`${byUniqueName()}?$select=id,displayName,uniqueName`, admin);
    expect(read.body).toMatchObject({ id: app.id, displayName: "entra-mcp (team)", uniqueName });
    const listed = await call(graph(`/applications?$filter=appId eq '${app.appId}'`), admin);
    expect(listed.body.value.map((a: { id: string }) => a.id)).toEqual([app.id]);
    expect((await call(graph(`/applications/${app.id}`), admin)).body.appId).toBe(app.appId);
  });

  it("creates the service principal once (409 Request_MultipleObjectsWithSameKeyValue after)", async () => {
    const created = await call(graph("/servicePrincipals"), admin, {
      method: "POST",
      body: { appId: app.appId },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ appId: app.appId, displayName: "entra-mcp (team)", appRoles: [] });
    spId = created.body.id;
    const duplicate = await call(graph("/servicePrincipals"), admin, {
      method: "POST",
      body: { appId: app.appId },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error).toMatchObject({
      code: "Request_MultipleObjectsWithSameKeyValue",
      message: `The service principal cannot be created, updated, or restored because the service principal name ${app.appId} is already in use.`,
    });
    const byAppId = await call(graph(`/servicePrincipals(appId='${app.appId}')`), admin);
    expect(byAppId.body.id).toBe(spId);
  });

  it("lists the resource principals with their real permission ids", async () => {
    const res = await call(graph(`/servicePrincipals?$filter=appId eq '${GRAPH_IDS.appId}'`), admin);
    const sp = res.body.value[0];
    expect(sp.id).toBe(graphSpId);
    expect(sp.appRoles).toContainEqual(
      expect.objectContaining({
        id: GRAPH_IDS.userReadAllRole,
        value: "User.Read.All",
        allowedMemberTypes: ["Application"],
        isEnabled: true,
      }),
    );
    expect(sp.oauth2PermissionScopes).toContainEqual(
      expect.objectContaining({
        id: GRAPH_IDS.userReadScope,
        value: "User.Read",
        type: "User",
        isEnabled: true,
      }),
    );
    const powerBi = await call(
      graph("/servicePrincipals(appId='00000009-0000-0000-c000-000000000000')"),
      admin,
    );
    expect(powerBi.body.oauth2PermissionScopes).toContainEqual(
      expect.objectContaining({ id: "7f33e027-4039-419b-938e-2f8ca153e68e", value: "Dataset.Read.All" }),
    );
  });

  it("a keyCredentials PATCH makes the certificate's assertions valid; `key` comes back only with $select", async () => {
    const before = await thrown(() => certificateToken(emulator, app.appId, cert, GRAPH_SCOPE));
    expect(before.message).toContain("AADSTS700027");
    const key = {
      type: "AsymmetricX509Cert",
      usage: "Verify",
      key: cert.derBase64,
      displayName: "CN=entra-mcp",
    };
    const patched = await call(graph(`/applications/${app.id}`), admin, {
      method: "PATCH",
      body: { keyCredentials: [key] },
    });
    expect(patched.status).toBe(204);

    const plain = await call(graph(`/applications/${app.id}`), admin);
    expect(plain.body.keyCredentials).toEqual([
      expect.objectContaining({
        type: "AsymmetricX509Cert",
        usage: "Verify",
        key: null,
        customKeyIdentifier: Buffer.from(cert.thumbprintSha1Hex, "hex").toString("base64"),
      }),
    ]);
    const selected = await call(graph(`/applications/${app.id}?$select=keyCredentials`), admin);
    expect(selected.body.keyCredentials[0].key).toBe(cert.derBase64);

    const token = await certificateToken(emulator, app.appId, cert, GRAPH_SCOPE);
    expect(claimsOf(token)).toMatchObject({ appid: app.appId, oid: spId, appidacr: "2" });
    expect(claimsOf(token)).not.toHaveProperty("roles");

    const noKey = await call(graph(`/applications/${app.id}`), admin, {
      method: "PATCH",
      body: { keyCredentials: [{ type: "AsymmetricX509Cert", usage: "Verify", displayName: "no key" }] },
    });
    expect(noKey.status).toBe(400);
    expect(noKey.body.error.code).toBe("Request_BadRequest");
  });

  it("appRoleAssignedTo changes the roles of the next token, and removing it takes them away", async () => {
    const assignedTo = graph(`/servicePrincipals/${graphSpId}/appRoleAssignedTo`);
    const body = { principalId: spId, resourceId: graphSpId, appRoleId: GRAPH_IDS.userReadAllRole };
    const created = await call(assignedTo, admin, { method: "POST", body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      ...body,
      principalType: "ServicePrincipal",
      resourceDisplayName: "Microsoft Graph",
    });
    const duplicate = await call(assignedTo, admin, { method: "POST", body });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error.message).toBe("Permission being assigned already exists on the object");

    const granted = await certificateToken(emulator, app.appId, cert, GRAPH_SCOPE);
    expect(claimsOf(granted).roles).toEqual(["User.Read.All"]);
    expect((await call(graph("/users?$top=1"), granted)).status).toBe(200);
    const listed = await call(assignedTo, admin);
    expect(listed.body.value.filter((a: { principalId: string }) => a.principalId === spId)).toHaveLength(1);

    const removed = await call(`${assignedTo}/${created.body.id}`, admin, { method: "DELETE" });
    expect(removed.status).toBe(204);
    const revoked = await certificateToken(emulator, app.appId, cert, GRAPH_SCOPE);
    expect(claimsOf(revoked)).not.toHaveProperty("roles");
    expect((await call(graph("/users?$top=1"), revoked)).status).toBe(403);
  });

  it("removing the key from the app makes the certificate fail with AADSTS700027", async () => {
    const patched = await call(graph(`/applications/${app.id}`), admin, {
      method: "PATCH",
      body: { keyCredentials: [] },
    });
    expect(patched.status).toBe(204);
    const error = await thrown(() => certificateToken(emulator, app.appId, cert, GRAPH_SCOPE));
    expect(error.message).toContain("AADSTS700027");
  });

  it("removePassword deletes a client secret and never shows its text", async () => {
    const secret = emulator.directory.addPasswordCredential(app.appId, { displayName: "old secret" });
    const before = await call(graph(`/applications/${app.id}?$select=passwordCredentials`), admin);
    expect(before.body.passwordCredentials).toEqual([
      expect.objectContaining({
        keyId: secret.keyId,
        hint: secret.hint,
        displayName: "old secret",
        secretText: null,
      }),
    ]);
    expect(JSON.stringify(before.body)).not.toContain(secret.secret);
    const removed = await call(graph(`/applications/${app.id}/removePassword`), admin, {
      method: "POST",
      body: { keyId: secret.keyId },
    });
    expect(removed.status).toBe(204);
    expect((await call(graph(`/applications/${app.id}`), admin)).body.passwordCredentials).toEqual([]);
  });

  it("resolves users by UPN, with their id", async () => {
    const teammate = emulator.tenant.teammate.user;
    const res = await call(graph(`/users/${teammate?.upn}?$select=id,userPrincipalName,displayName`), admin);
    expect(res.body).toMatchObject({ id: teammate?.oid, userPrincipalName: "teammate@contoso.test" });
  });

  it("refuses callers without the permissions with 403 Authorization_RequestDenied", async () => {
    const teammate = await secretToken(emulator, emulator.tenant.teammate, GRAPH_SCOPE);
    const denied = await call(byUniqueName(), teammate, {
      method: "PATCH",
      body: { displayName: "x" },
      headers: { prefer: "create-if-missing" },
    });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe("Authorization_RequestDenied");
    // Application.ReadWrite.All alone does not allow app role assignments.
    const writer = emulator.directory.addApplication({ displayName: "app writer" });
    const writerSecret = emulator.directory.addPasswordCredential(writer.clientId);
    emulator.directory.grantAppRoles(writer.clientId, GRAPH_IDS.appId, ["Application.ReadWrite.All"]);
    const login = { clientId: writer.clientId, clientSecret: writerSecret.secret, objectId: "" };
    const writerToken = await secretToken(emulator, login, GRAPH_SCOPE);
    expect((await call(graph(`/applications/${app.id}`), writerToken)).status).toBe(200);
    const assign = await call(graph(`/servicePrincipals/${graphSpId}/appRoleAssignedTo`), writerToken, {
      method: "POST",
      body: { principalId: spId, resourceId: graphSpId, appRoleId: GRAPH_IDS.userReadAllRole },
    });
    expect(assign.status).toBe(403);
    const grant = await call(graph("/oauth2PermissionGrants"), writerToken, {
      method: "POST",
      body: { clientId: spId, consentType: "AllPrincipals", resourceId: graphSpId, scope: "User.Read" },
    });
    expect(grant.status).toBe(403);
  });
});
