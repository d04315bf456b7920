import { ConfidentialClientApplication } from "@azure/msal-node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createSelfSignedCertificate,
  DEFAULT_APP_ROLES,
  type DefaultTenant,
  type Emulator,
  RESOURCE_APP_IDS,
  startEmulator,
} from "../src/index.js";
import { certificateClient, claimsOf, msalAuth, thrown } from "./helpers.js";

const GRAPH = "https://graph.microsoft.com/.default";

describe("app-only tokens with the real MSAL ConfidentialClientApplication", () => {
  let emulator: Emulator<DefaultTenant>;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.stop());
  afterEach(() => {
    emulator.setClockSkew(0);
    emulator.directory.settings.rejectAssertionReplay = false;
    emulator.clearRequests();
  });

  const pemCert = () => {
    const version = emulator.vault.getCertificate(emulator.tenant.certName);
    if (!version) throw new Error("seeded certificate missing");
    return version.material;
  };

  it("PS256 + x5t#S256 assertion gets a Graph token with exactly the consented roles, then serves from cache", async () => {
    const cca = certificateClient(emulator, emulator.tenant.clientId, {
      privateKeyPem: pemCert().privateKeyPem,
      thumbprintSha256Hex: pemCert().thumbprintSha256Hex,
    });
    const result = await cca.acquireTokenByClientCredential({ scopes: [GRAPH] });
    expect(result?.fromCache).toBe(false);
    const claims = claimsOf(result?.accessToken ?? "");
    expect(claims.aud).toBe("https://graph.microsoft.com");
    expect(claims.appid).toBe(emulator.tenant.clientId);
    expect(claims.oid).toBe(emulator.tenant.spObjectId);
    expect(claims.tid).toBe(emulator.tenant.tenantId);
    expect(claims.idtyp).toBe("app");
    expect(claims.appidacr).toBe("2");
    expect([...(claims.roles as string[])].sort()).toEqual(
      [...(DEFAULT_APP_ROLES[RESOURCE_APP_IDS.graph] ?? [])].sort(),
    );
    expect(claims.scp).toBeUndefined();
    expect((claims.exp as number) - (claims.iat as number)).toBe(3599);
    expect(await emulator.verifyAccessToken(result?.accessToken ?? "")).toMatchObject({
      oid: emulator.tenant.spObjectId,
    });

    const tokenCalls = emulator.requests({ origin: "login", path: "/oauth2/v2.0/token" });
    expect(tokenCalls).toHaveLength(1);
    expect(tokenCalls[0]).toMatchObject({
      method: "POST",
      status: 200,
      grantType: "client_credentials",
      scope: GRAPH,
    });

    emulator.clearRequests();
    const again = await cca.acquireTokenByClientCredential({ scopes: [GRAPH] });
    expect(again?.fromCache).toBe(true);
    expect(emulator.requests()).toHaveLength(0);
  });

  it("RS256 + x5t (SHA-1 thumbprint) assertions are accepted too", async () => {
    const cca = certificateClient(emulator, emulator.tenant.clientId, {
      privateKeyPem: pemCert().privateKeyPem,
      thumbprintSha1Hex: pemCert().thumbprintSha1Hex,
    });
    const result = await cca.acquireTokenByClientCredential({
      scopes: ["https://analysis.windows.net/powerbi/api/.default"],
    });
    const claims = claimsOf(result?.accessToken ?? "");
    expect(claims.aud).toBe("https://analysis.windows.net/powerbi/api");
    expect(claims.roles).toEqual(["Tenant.Read.All"]);
  });

  it("the PKCS#12 certificate is registered as well; Key Vault tokens carry no roles claim", async () => {
    const pfx = emulator.vault.getCertificate(emulator.tenant.pfxCertName)?.material;
    if (!pfx) throw new Error("pfx certificate missing");
    const cca = certificateClient(emulator, emulator.tenant.clientId, {
      privateKeyPem: pfx.privateKeyPem,
      thumbprintSha256Hex: pfx.thumbprintSha256Hex,
    });
    const result = await cca.acquireTokenByClientCredential({ scopes: ["https://vault.azure.net/.default"] });
    const claims = claimsOf(result?.accessToken ?? "");
    expect(claims.aud).toBe("https://vault.azure.net");
    expect(claims).not.toHaveProperty("roles");
  });

  it("a certificate that is not registered on the app gives AADSTS700027 with Entra's body shape", async () => {
    const stranger = createSelfSignedCertificate({ subject: "CN=not-registered" });
    const cca = certificateClient(emulator, emulator.tenant.clientId, stranger);
    const error = await thrown(() => cca.acquireTokenByClientCredential({ scopes: [GRAPH] }));
    expect(error.errorCode).toBe("invalid_client");
    expect(error.message).toContain("AADSTS700027");
    expect(error.message).toContain(stranger.thumbprintSha256Hex);

    const raw = await fetch(`${emulator.urls.login}/${emulator.tenant.tenantId}/oauth2/v2.0/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: emulator.tenant.clientId,
        scope: GRAPH,
        client_secret: "wrong",
      }),
    });
    expect(raw.status).toBe(401);
    const body = (await raw.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(
      [
        "correlation_id",
        "error",
        "error_codes",
        "error_description",
        "error_uri",
        "timestamp",
        "trace_id",
      ].sort(),
    );
    expect(body.error_codes).toEqual([7000215]);
    expect(body.error_description).toMatch(
      /^AADSTS7000215: Invalid client secret provided\..* Trace ID: .* Correlation ID: .* Timestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/,
    );
  });

  it("a key whose signature does not verify (right thumbprint, wrong key) gives AADSTS700027", async () => {
    const other = createSelfSignedCertificate({ subject: "CN=other-key" });
    const cca = certificateClient(emulator, emulator.tenant.clientId, {
      privateKeyPem: other.privateKeyPem,
      thumbprintSha256Hex: pemCert().thumbprintSha256Hex,
    });
    const error = await thrown(() => cca.acquireTokenByClientCredential({ scopes: [GRAPH] }));
    expect(error.message).toContain("AADSTS700027: Client assertion failed signature validation");
  });

  it("MSAL reuses one assertion (same jti) across resources: accepted by default like Entra, rejected when replay checks are on", async () => {
    const cert = {
      privateKeyPem: pemCert().privateKeyPem,
      thumbprintSha256Hex: pemCert().thumbprintSha256Hex,
    };
    const lenient = certificateClient(emulator, emulator.tenant.clientId, cert);
    await lenient.acquireTokenByClientCredential({ scopes: [GRAPH] });
    await expect(
      lenient.acquireTokenByClientCredential({ scopes: ["https://vault.azure.net/.default"] }),
    ).resolves.toBeTruthy();

    emulator.directory.settings.rejectAssertionReplay = true;
    const strict = certificateClient(emulator, emulator.tenant.clientId, cert);
    await strict.acquireTokenByClientCredential({ scopes: [GRAPH] });
    const error = await thrown(() =>
      strict.acquireTokenByClientCredential({ scopes: ["https://vault.azure.net/.default"] }),
    );
    expect(error.message).toContain("AADSTS50013");
    expect(emulator.requests({ status: 401 })).toHaveLength(1);
  });

  it("an emulator clock an hour ahead makes the assertion expired: AADSTS700024", async () => {
    emulator.setClockSkew(3600);
    const cca = certificateClient(emulator, emulator.tenant.clientId, {
      privateKeyPem: pemCert().privateKeyPem,
      thumbprintSha256Hex: pemCert().thumbprintSha256Hex,
    });
    const error = await thrown(() => cca.acquireTokenByClientCredential({ scopes: [GRAPH] }));
    expect(error.message).toContain("AADSTS700024: Client assertion is not within its valid time range.");
  });

  it("client secrets (the teammate principal) work and a wrong one gives AADSTS7000215", async () => {
    const { teammate } = emulator.tenant;
    const good = new ConfidentialClientApplication({
      auth: { ...msalAuth(emulator, teammate.clientId), clientSecret: teammate.clientSecret },
    });
    const result = await good.acquireTokenByClientCredential({
      scopes: ["https://vault.azure.net/.default"],
    });
    expect(claimsOf(result?.accessToken ?? "")).toMatchObject({ oid: teammate.objectId, appidacr: "1" });

    const bad = new ConfidentialClientApplication({
      auth: { ...msalAuth(emulator, teammate.clientId), clientSecret: "not-the-secret" },
    });
    const error = await thrown(() => bad.acquireTokenByClientCredential({ scopes: [GRAPH] }));
    expect(error.message).toContain("AADSTS7000215");
  });

  it("an unknown resource gives AADSTS500011 and an app without consent gets a token without roles", async () => {
    const { teammate } = emulator.tenant;
    const cca = new ConfidentialClientApplication({
      auth: { ...msalAuth(emulator, teammate.clientId), clientSecret: teammate.clientSecret },
    });
    const error = await thrown(() =>
      cca.acquireTokenByClientCredential({ scopes: ["https://unknown.example.com/.default"] }),
    );
    expect(error.message).toContain("AADSTS500011");
    const graph = await cca.acquireTokenByClientCredential({ scopes: [GRAPH] });
    expect(claimsOf(graph?.accessToken ?? "")).not.toHaveProperty("roles");
  });
});
