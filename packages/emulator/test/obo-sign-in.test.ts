import { ConfidentialClientApplication } from "@azure/msal-node";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completeSignIn, type DefaultTenant, type Emulator, startEmulator } from "../src/index.js";
import { claimsOf, msalAuth, publicClient, thrown } from "./helpers.js";
import { call } from "./support/tokens.js";

/** The hosted API's user sign-in: an MCP client (public) gets a v2.0 token for api://<id>/access_as_user. */
describe("hosted mode sign-in: the MCP client, the app's own API and the test users", () => {
  let emulator: Emulator<DefaultTenant>;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.stop());

  const testUser = (i: number) => {
    const user = emulator.tenant.testUsers[i];
    if (!user) throw new Error(`no test user ${i}`);
    return user;
  };

  it("the env names the API scope, the pre-authorized client and two test users with passwords", () => {
    const { env, tenant } = emulator;
    expect(env.ENTRA_MCP_EMULATOR_API_SCOPE).toBe(`api://${tenant.clientId}/access_as_user`);
    expect(env.ENTRA_MCP_EMULATOR_CLIENT_ID).toBe(tenant.mcpClientId);
    expect(env.ENTRA_MCP_EMULATOR_CLIENT_ID).not.toBe(tenant.clientId);
    const users = JSON.parse(env.ENTRA_MCP_EMULATOR_TEST_USERS ?? "[]") as {
      username: string;
      password: string;
    }[];
    expect(users.length).toBeGreaterThanOrEqual(2);
    expect(new Set(users.map((u) => u.username)).size).toBe(users.length);
    for (const user of users) {
      expect(Object.keys(user).sort()).toEqual(["password", "username"]);
      expect(user.password.length).toBeGreaterThanOrEqual(12);
      expect(emulator.directory.findUser(user.username)?.password).toBe(user.password);
    }
  });

  it("password sign-in (real MSAL, ROPC) gives each test user a v2.0 token for the API with their own identity", async () => {
    const { tenant } = emulator;
    const seen = new Set<string>();
    for (const i of [0, 1]) {
      const user = testUser(i);
      const pca = publicClient(emulator, tenant.mcpClientId);
      const result = await pca.acquireTokenByUsernamePassword({
        scopes: [tenant.api.scope],
        username: user.username,
        password: user.password,
      });
      expect(result?.account?.username).toBe(user.username);
      const claims = claimsOf(result?.accessToken ?? "");
      expect(claims).toMatchObject({
        aud: tenant.clientId,
        iss: `${emulator.urls.login}/${tenant.tenantId}/v2.0`,
        ver: "2.0",
        scp: "access_as_user",
        oid: user.oid,
        tid: tenant.tenantId,
        azp: tenant.mcpClientId,
        azpacr: "0",
        preferred_username: user.username,
        name: emulator.directory.getUser(user.oid)?.displayName,
      });
      expect(typeof claims.sub).toBe("string");
      // v1.0-only claims are not in a v2.0 token.
      for (const v1 of ["appid", "appidacr", "upn", "unique_name"]) expect(claims[v1], v1).toBeUndefined();
      seen.add(claims.oid as string);
    }
    expect(seen.size).toBe(2);
    const log = emulator.requests({ grantType: "password" });
    expect(log).toHaveLength(2);
    // The log never holds the password.
    expect(JSON.stringify(emulator.requests())).not.toContain(testUser(0).password);
  });

  it("a wrong password is AADSTS50126 and an unknown user AADSTS50034", async () => {
    const pca = publicClient(emulator, emulator.tenant.mcpClientId);
    const wrong = await thrown(() =>
      pca.acquireTokenByUsernamePassword({
        scopes: [emulator.tenant.api.scope],
        username: testUser(0).username,
        password: `${testUser(0).password}x`,
      }),
    );
    expect(wrong.errorCode).toBe("invalid_grant");
    expect(wrong.message).toContain(
      "AADSTS50126: Error validating credentials due to invalid username or password.",
    );
    const unknown = await thrown(() =>
      pca.acquireTokenByUsernamePassword({
        scopes: [emulator.tenant.api.scope],
        username: `nobody@${emulator.directory.tenant.defaultDomain}`,
        password: "whatever",
      }),
    );
    expect(unknown.message).toContain("AADSTS50034");
  });

  it("password sign-in needs public client flows, or a client credential (Entra's AADSTS7000218)", async () => {
    const app = emulator.directory.addApplication({ displayName: "confidential only" });
    const error = await thrown(() =>
      publicClient(emulator, app.clientId).acquireTokenByUsernamePassword({
        scopes: ["User.Read"],
        username: testUser(0).username,
        password: testUser(0).password,
      }),
    );
    expect(error.message).toContain("AADSTS7000218");
    // A confidential client may use it with its secret, as Entra allows.
    const secret = emulator.directory.addPasswordCredential(app.clientId).secret;
    emulator.directory.grantDelegated(app.clientId, "00000003-0000-0000-c000-000000000000", ["User.Read"]);
    const cca = new ConfidentialClientApplication({
      auth: { ...msalAuth(emulator, app.clientId), clientSecret: secret },
    });
    const result = await cca.acquireTokenByUsernamePassword({
      scopes: ["User.Read"],
      username: testUser(1).username,
      password: testUser(1).password,
    });
    expect(claimsOf(result?.accessToken ?? "")).toMatchObject({ oid: testUser(1).oid, appidacr: "1" });
  });

  it("auth code + PKCE through the scripted browser: the MCP client needs no consent (pre-authorized)", async () => {
    const { tenant } = emulator;
    const pca = publicClient(emulator, tenant.mcpClientId);
    const result = await pca.acquireTokenInteractive({
      scopes: [tenant.api.scope],
      loginHint: testUser(1).username,
      openBrowser: (url) => completeSignIn(url),
    });
    expect(result.account?.username).toBe(testUser(1).username);
    expect(claimsOf(result.accessToken)).toMatchObject({
      aud: tenant.clientId,
      ver: "2.0",
      scp: "access_as_user",
      oid: testUser(1).oid,
      azp: tenant.mcpClientId,
    });
    const [authorize] = emulator.requests({ path: "/oauth2/v2.0/authorize" }).slice(-1);
    expect(authorize?.path).toContain("code_challenge_method=S256");
  });

  it("another public client is not pre-authorized: the API scope needs consent (AADSTS65001)", async () => {
    const other = emulator.directory.addApplication({
      displayName: "unknown MCP client",
      publicClientRedirectUris: ["http://localhost"],
      isFallbackPublicClient: true,
    });
    const error = await thrown(() =>
      publicClient(emulator, other.clientId).acquireTokenByUsernamePassword({
        scopes: [emulator.tenant.api.scope],
        username: testUser(0).username,
        password: testUser(0).password,
      }),
    );
    expect(error.subError).toBe("consent_required");
    expect(error.message).toContain("AADSTS65001");
  });

  it("the API token verifies with jose against the discovery document's JWKS (issuer, audience)", async () => {
    const { tenant } = emulator;
    const result = await publicClient(emulator, tenant.mcpClientId).acquireTokenByUsernamePassword({
      scopes: [tenant.api.scope],
      username: testUser(0).username,
      password: testUser(0).password,
    });
    const metadata = (await (
      await fetch(`${emulator.urls.login}/${tenant.tenantId}/v2.0/.well-known/openid-configuration`)
    ).json()) as { issuer: string; jwks_uri: string };
    const { payload, protectedHeader } = await jwtVerify(
      result?.accessToken ?? "",
      createRemoteJWKSet(new URL(metadata.jwks_uri)),
      { issuer: metadata.issuer, audience: tenant.clientId, algorithms: ["RS256"] },
    );
    expect(payload.oid).toBe(testUser(0).oid);
    expect(protectedHeader.kid).toBe(emulator.identity.signingKeys().activeKid);
  });

  it("an app granted the MCP.Invoke app role gets a v2.0 app-only token for the API", async () => {
    const { tenant } = emulator;
    emulator.directory.grantAppRoles(tenant.teammate.clientId, tenant.clientId, [tenant.api.appRole]);
    const cca = new ConfidentialClientApplication({
      auth: { ...msalAuth(emulator, tenant.teammate.clientId), clientSecret: tenant.teammate.clientSecret },
    });
    const result = await cca.acquireTokenByClientCredential({
      scopes: [`${tenant.api.identifierUri}/.default`],
    });
    expect(claimsOf(result?.accessToken ?? "")).toMatchObject({
      aud: tenant.clientId,
      ver: "2.0",
      idtyp: "app",
      roles: ["MCP.Invoke"],
      azp: tenant.teammate.clientId,
      azpacr: "1",
      oid: tenant.teammate.objectId,
    });
  });

  it("Graph shows the exposed API on the application and its service principal, in Graph's shape", async () => {
    const { tenant } = emulator;
    const cca = new ConfidentialClientApplication({
      auth: { ...msalAuth(emulator, tenant.admin.clientId), clientSecret: tenant.admin.clientSecret },
    });
    const token = (
      await cca.acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] })
    )?.accessToken;
    const app = await call(`${emulator.urls.graph}/v1.0/applications/${tenant.appObjectId}`, token);
    expect(app.status).toBe(200);
    expect(app.body.identifierUris).toEqual([`api://${tenant.clientId}`]);
    expect(app.body.api.requestedAccessTokenVersion).toBe(2);
    const [scope] = app.body.api.oauth2PermissionScopes;
    expect(scope).toMatchObject({ value: "access_as_user", type: "User", isEnabled: true });
    expect(app.body.api.preAuthorizedApplications).toEqual([
      { appId: tenant.mcpClientId, delegatedPermissionIds: [scope.id] },
    ]);
    expect(app.body.appRoles).toEqual([
      expect.objectContaining({ value: "MCP.Invoke", allowedMemberTypes: ["Application"], isEnabled: true }),
    ]);
    const sp = await call(`${emulator.urls.graph}/v1.0/servicePrincipals/${tenant.spObjectId}`, token);
    expect(sp.body.servicePrincipalNames).toContain(`api://${tenant.clientId}`);
    expect(sp.body.oauth2PermissionScopes.map((s: { id: string }) => s.id)).toEqual([scope.id]);
    expect(sp.body.appRoles.map((r: { value: string }) => r.value)).toEqual(["MCP.Invoke"]);
  });
});
