import { type ConfidentialClientApplication, InteractionRequiredAuthError } from "@azure/msal-node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  completeSignIn,
  type DefaultTenant,
  type Emulator,
  RESOURCE_APP_IDS,
  startEmulator,
} from "../src/index.js";
import { certificateClient, claimsOf, publicClient, thrown } from "./helpers.js";
import { call } from "./support/tokens.js";

const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/**
 * The hosted server's half: it receives the user's token for its API and trades it, with its
 * Key Vault certificate, for delegated tokens to the downstream APIs (real MSAL both sides).
 */
describe("On-Behalf-Of with the real MSAL ConfidentialClientApplication and the seeded certificate", () => {
  let emulator: Emulator<DefaultTenant>;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.stop());
  afterEach(() => {
    emulator.setClockSkew(0);
    emulator.clearRequests();
  });

  const testUser = (i: number) => {
    const user = emulator.tenant.testUsers[i];
    if (!user) throw new Error(`no test user ${i}`);
    return user;
  };
  /** The user's token for the hosted API, as an MCP client gets it (password sign-in). */
  const apiToken = async (i = 0, clientId = emulator.tenant.mcpClientId) => {
    const user = testUser(i);
    const result = await publicClient(emulator, clientId).acquireTokenByUsernamePassword({
      scopes: [emulator.tenant.api.scope],
      username: user.username,
      password: user.password,
    });
    if (!result?.accessToken) throw new Error("no API token");
    return result.accessToken;
  };
  /** The hosted server: the provisioned app with its vault certificate (PS256, x5t#S256), as auth-core signs. */
  const server = (): ConfidentialClientApplication => {
    const material = emulator.vault.getCertificate(emulator.tenant.certName)?.material;
    if (!material) throw new Error("seeded certificate missing");
    return certificateClient(emulator, emulator.tenant.clientId, {
      privateKeyPem: material.privateKeyPem,
      thumbprintSha256Hex: material.thumbprintSha256Hex,
    });
  };
  const oboExchanges = (resource: string) =>
    emulator.requests(
      (e) => e.grantType === JWT_BEARER && e.status === 200 && (e.scope ?? "").includes(resource),
    );

  it("one user token → delegated tokens for Graph, Power BI, Fabric, Power Platform and each Dataverse environment", async () => {
    const { tenant, urls } = emulator;
    const assertion = await apiToken(0);
    const cca = server();
    const resources = [
      { scope: "https://graph.microsoft.com/.default", aud: "https://graph.microsoft.com", has: "User.Read" },
      {
        scope: "https://analysis.windows.net/powerbi/api/.default",
        aud: "https://analysis.windows.net/powerbi/api",
        has: "Dataset.Read.All",
      },
      {
        scope: "https://api.fabric.microsoft.com/.default",
        aud: "https://api.fabric.microsoft.com",
        has: "Item.Read.All",
      },
      {
        scope: "https://api.powerplatform.com/.default",
        aud: "https://api.powerplatform.com",
        has: "EnvironmentManagement.Environments.Read",
      },
      { scope: `${urls.dataverse}/.default`, aud: urls.dataverse, has: "user_impersonation" },
      { scope: `${urls.dataverse2}/.default`, aud: urls.dataverse2, has: "user_impersonation" },
    ];
    for (const resource of resources) {
      const result = await cca.acquireTokenOnBehalfOf({ oboAssertion: assertion, scopes: [resource.scope] });
      expect(result?.fromCache, resource.scope).toBe(false);
      const claims = claimsOf(result?.accessToken ?? "");
      expect(claims, resource.scope).toMatchObject({
        aud: resource.aud,
        ver: "1.0",
        idtyp: "user",
        oid: testUser(0).oid,
        tid: tenant.tenantId,
        upn: testUser(0).username,
        appid: tenant.clientId,
        appidacr: "2",
      });
      expect((claims.scp as string).split(" "), resource.scope).toContain(resource.has);
      expect(await emulator.verifyAccessToken(result?.accessToken ?? "")).toMatchObject({
        oid: testUser(0).oid,
      });
    }
    // Each exchange is in the request log once, with the user it acted for (never the assertion).
    for (const resource of resources) {
      const logged = oboExchanges(resource.aud);
      expect(logged, resource.aud).toHaveLength(1);
      expect(logged[0]).toMatchObject({ clientId: tenant.clientId, oid: testUser(0).oid, origin: "login" });
    }
    expect(JSON.stringify(emulator.requests())).not.toContain(assertion.split(".")[2]);

    // MSAL serves the same user assertion + scope from its cache: no second exchange.
    emulator.clearRequests();
    const again = await cca.acquireTokenOnBehalfOf({
      oboAssertion: assertion,
      scopes: ["https://graph.microsoft.com/.default"],
    });
    expect(again?.fromCache).toBe(true);
    expect(emulator.requests()).toHaveLength(0);
  });

  it("the OBO token is the user's at the resource: Graph /me answers with that user", async () => {
    for (const i of [0, 1]) {
      const result = await server().acquireTokenOnBehalfOf({
        oboAssertion: await apiToken(i),
        scopes: ["https://graph.microsoft.com/User.Read"],
      });
      expect(claimsOf(result?.accessToken ?? "").scp).toBe("User.Read");
      const me = await call(`${emulator.urls.graph}/v1.0/me`, result?.accessToken);
      expect(me.status).toBe(200);
      expect(me.body.userPrincipalName).toBe(testUser(i).username);
    }
    expect(oboExchanges("graph.microsoft.com").map((e) => e.oid)).toEqual([testUser(0).oid, testUser(1).oid]);
  });

  it("the two test users see their own data downstream: Power BI workspaces differ per user", async () => {
    const workspaces: string[][] = [];
    for (const i of [0, 1]) {
      const result = await server().acquireTokenOnBehalfOf({
        oboAssertion: await apiToken(i),
        scopes: ["https://analysis.windows.net/powerbi/api/Workspace.Read.All"],
      });
      const groups = await call(`${emulator.urls.powerbi}/v1.0/myorg/groups`, result?.accessToken);
      expect(groups.status).toBe(200);
      workspaces.push(groups.body.value.map((g: { name: string }) => g.name).sort());
    }
    expect(workspaces[0]).toContain("Sales Analytics");
    expect(workspaces[1]).toContain("HR (restricted)");
    expect(workspaces[0]).not.toEqual(workspaces[1]);
  });

  it("issues a refresh token, as Entra does for OBO, which the server can redeem for another resource", async () => {
    const cca = server();
    await cca.acquireTokenOnBehalfOf({
      oboAssertion: await apiToken(1),
      scopes: ["https://graph.microsoft.com/.default"],
    });
    const cache = JSON.parse(cca.getTokenCache().serialize()) as {
      RefreshToken: Record<string, { secret: string; client_id: string }>;
    };
    const refreshTokens = Object.values(cache.RefreshToken);
    expect(refreshTokens).toHaveLength(1);
    expect(refreshTokens[0]?.client_id).toBe(emulator.tenant.clientId);
    emulator.clearRequests();
    const refreshed = await cca.acquireTokenByRefreshToken({
      refreshToken: refreshTokens[0]?.secret ?? "",
      scopes: ["https://analysis.windows.net/powerbi/api/.default"],
    });
    expect(claimsOf(refreshed?.accessToken ?? "")).toMatchObject({
      aud: "https://analysis.windows.net/powerbi/api",
      oid: testUser(1).oid,
      appid: emulator.tenant.clientId,
    });
    expect(emulator.requests({ grantType: "refresh_token" })).toHaveLength(1);
  });

  it("a token for another audience (Graph) as the assertion: AADSTS500131", async () => {
    const user = testUser(0);
    const graphToken = await publicClient(emulator, emulator.tenant.clientId).acquireTokenByUsernamePassword({
      scopes: ["User.Read"],
      username: user.username,
      password: user.password,
    });
    const error = await thrown(() =>
      server().acquireTokenOnBehalfOf({
        oboAssertion: graphToken?.accessToken ?? "",
        scopes: ["https://graph.microsoft.com/.default"],
      }),
    );
    expect(error.errorCode).toBe("invalid_grant");
    expect(error.message).toContain(
      `AADSTS500131: Assertion audience does not match the Client app presenting the assertion. The audience in the assertion was 'https://graph.microsoft.com' and the expected audience is '${emulator.tenant.clientId}'`,
    );
  });

  it("an expired user token: AADSTS500133", async () => {
    // Issued an hour and a half in the emulator's past, so it expired before the exchange.
    emulator.setClockSkew(-5400);
    const assertion = await apiToken(0);
    emulator.setClockSkew(0);
    const error = await thrown(() =>
      server().acquireTokenOnBehalfOf({
        oboAssertion: assertion,
        scopes: ["https://graph.microsoft.com/.default"],
      }),
    );
    expect(error.errorCode).toBe("invalid_grant");
    expect(error.message).toContain("AADSTS500133: Assertion is not within its valid time range.");
  });

  it("a tampered signature: AADSTS50013; a non-JWT: AADSTS50027", async () => {
    const [header, payload, signature] = (await apiToken(0)).split(".") as [string, string, string];
    const flipped = `${signature.slice(0, 10)}${signature[10] === "A" ? "B" : "A"}${signature.slice(11)}`;
    const error = await thrown(() =>
      server().acquireTokenOnBehalfOf({
        oboAssertion: `${header}.${payload}.${flipped}`,
        scopes: ["https://graph.microsoft.com/.default"],
      }),
    );
    expect(error.errorCode).toBe("invalid_grant");
    expect(error.message).toContain(
      "AADSTS50013: Assertion failed signature validation. [Reason - Key was found, but use of the key to verify the signature failed.",
    );
    const garbage = await thrown(() =>
      server().acquireTokenOnBehalfOf({
        oboAssertion: "not-a-jwt",
        scopes: ["https://graph.microsoft.com/.default"],
      }),
    );
    expect(garbage.message).toContain("AADSTS50027");
  });

  it("a user token from another tenant (a second emulator): AADSTS50013 naming the issuer", async () => {
    const other = await startEmulator();
    try {
      const user = other.tenant.testUsers[0];
      if (!user) throw new Error("no user");
      const foreign = await publicClient(other, other.tenant.mcpClientId).acquireTokenByUsernamePassword({
        scopes: [other.tenant.api.scope],
        username: user.username,
        password: user.password,
      });
      const error = await thrown(() =>
        server().acquireTokenOnBehalfOf({
          oboAssertion: foreign?.accessToken ?? "",
          scopes: ["https://graph.microsoft.com/.default"],
        }),
      );
      expect(error.errorCode).toBe("invalid_grant");
      expect(error.message).toContain("AADSTS50013");
      expect(error.message).toContain(`${other.urls.login}/${other.tenant.tenantId}/v2.0`);
    } finally {
      await other.stop();
    }
  });

  it("an app-only token as the assertion: AADSTS50013 (OBO needs a user)", async () => {
    const { tenant } = emulator;
    emulator.directory.grantAppRoles(tenant.teammate.clientId, tenant.clientId, [tenant.api.appRole]);
    const { ConfidentialClientApplication } = await import("@azure/msal-node");
    const app = new ConfidentialClientApplication({
      auth: {
        clientId: tenant.teammate.clientId,
        authority: `${emulator.urls.login}/${tenant.tenantId}`,
        knownAuthorities: [new URL(emulator.urls.login).host],
        clientSecret: tenant.teammate.clientSecret,
      },
    });
    const appOnly = await app.acquireTokenByClientCredential({
      scopes: [`${tenant.api.identifierUri}/.default`],
    });
    const error = await thrown(() =>
      server().acquireTokenOnBehalfOf({
        oboAssertion: appOnly?.accessToken ?? "",
        scopes: ["https://graph.microsoft.com/.default"],
      }),
    );
    expect(error.message).toContain("AADSTS50013");
    expect(error.message).toContain("app-only");
  });

  it("consent missing for the downstream resource: AADSTS65001, consent_required, an interaction-required error", async () => {
    const { tenant } = emulator;
    const scopes = emulator.directory.consent.delegatedScopesOf(
      emulator.directory.requireServicePrincipal(tenant.clientId).objectId,
      emulator.directory.requireServicePrincipal(RESOURCE_APP_IDS.powerPlatform).objectId,
      testUser(0).oid,
    );
    emulator.directory.revokeDelegated(tenant.clientId, RESOURCE_APP_IDS.powerPlatform);
    try {
      const assertion = await apiToken(0);
      const error = await thrown(() =>
        server().acquireTokenOnBehalfOf({
          oboAssertion: assertion,
          scopes: ["https://api.powerplatform.com/.default"],
        }),
      );
      expect(error).toBeInstanceOf(InteractionRequiredAuthError);
      expect(error.errorCode).toBe("invalid_grant");
      expect(error.subError).toBe("consent_required");
      expect(error.message).toContain(
        `AADSTS65001: The user or administrator has not consented to use the application with ID '${tenant.clientId}'`,
      );
    } finally {
      emulator.directory.grantDelegated(tenant.clientId, RESOURCE_APP_IDS.powerPlatform, scopes);
    }
  });

  it("a user who must do MFA: AADSTS50076 with a claims challenge; after an interactive step-up the exchange succeeds", async () => {
    const { tenant } = emulator;
    const user = testUser(1);
    const policy = emulator.identity.requireMfa(user.username);
    try {
      // The API itself is not covered: the password sign-in for it still works.
      const assertion = await apiToken(1);
      const error = (await thrown(() =>
        server().acquireTokenOnBehalfOf({
          oboAssertion: assertion,
          scopes: ["https://graph.microsoft.com/.default"],
        }),
      )) as InteractionRequiredAuthError;
      expect(error).toBeInstanceOf(InteractionRequiredAuthError);
      expect(error.errorCode).toBe("interaction_required");
      expect(error.message).toContain(
        `AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '${RESOURCE_APP_IDS.graph}'.`,
      );
      expect(JSON.parse(error.claims)).toEqual({
        access_token: { capolids: { essential: true, values: [policy.id] } },
      });
      // A password sign-in straight to a covered resource cannot do MFA either.
      const direct = await thrown(() =>
        publicClient(emulator, tenant.clientId).acquireTokenByUsernamePassword({
          scopes: ["User.Read"],
          username: user.username,
          password: user.password,
        }),
      );
      expect(direct.message).toContain("AADSTS50076");

      // The MCP client passes the claims on to an interactive sign-in, which performs MFA.
      const stepUp = await publicClient(emulator, tenant.mcpClientId).acquireTokenInteractive({
        scopes: [tenant.api.scope],
        claims: error.claims,
        loginHint: user.username,
        openBrowser: (url) => completeSignIn(url),
      });
      expect(claimsOf(stepUp.accessToken).amr).toEqual(["pwd", "mfa"]);
      const result = await server().acquireTokenOnBehalfOf({
        oboAssertion: stepUp.accessToken,
        scopes: ["https://graph.microsoft.com/.default"],
      });
      expect(claimsOf(result?.accessToken ?? "")).toMatchObject({ oid: user.oid, amr: ["pwd", "mfa"] });
    } finally {
      emulator.identity.clearMfaRequirement(user.username);
    }
    // Without the policy, the plain password token is enough again.
    const plain = await server().acquireTokenOnBehalfOf({
      oboAssertion: await apiToken(1),
      scopes: ["https://graph.microsoft.com/.default"],
    });
    expect(claimsOf(plain?.accessToken ?? "").amr).toEqual(["pwd"]);
  });

  it("a user disabled after signing in: the next exchange is AADSTS50057", async () => {
    const assertion = await apiToken(1);
    const user = emulator.directory.getUser(testUser(1).oid);
    if (!user) throw new Error("no user");
    user.accountEnabled = false;
    try {
      const error = await thrown(() =>
        server().acquireTokenOnBehalfOf({
          oboAssertion: assertion,
          scopes: ["https://graph.microsoft.com/.default"],
        }),
      );
      expect(error.message).toContain("AADSTS50057: The user account is disabled.");
      const signIn = await thrown(() => apiToken(1));
      expect(signIn.message).toContain("AADSTS50057");
    } finally {
      user.accountEnabled = true;
    }
  });

  it("raw protocol: a public client cannot do OBO (AADSTS7000218); requested_token_use is required", async () => {
    const { tenant, urls } = emulator;
    const post = async (form: Record<string, string>) => {
      const res = await fetch(`${urls.login}/${tenant.tenantId}/oauth2/v2.0/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(form),
      });
      return { status: res.status, body: (await res.json()) as { error: string; error_codes: number[] } };
    };
    const assertion = await apiToken(0);
    const publicObo = await post({
      grant_type: JWT_BEARER,
      requested_token_use: "on_behalf_of",
      client_id: tenant.mcpClientId,
      assertion,
      scope: "https://graph.microsoft.com/.default",
    });
    expect(publicObo.status).toBe(401);
    expect(publicObo.body).toMatchObject({ error: "invalid_client", error_codes: [7000218] });
    const noUse = await post({
      grant_type: JWT_BEARER,
      client_id: tenant.teammate.clientId,
      client_secret: tenant.teammate.clientSecret,
      assertion,
      scope: "https://graph.microsoft.com/.default",
    });
    expect(noUse.status).toBe(400);
    expect(noUse.body).toMatchObject({ error: "invalid_request", error_codes: [900144] });
  });
});
