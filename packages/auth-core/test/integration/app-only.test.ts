/**
 * App-only tokens end to end: real MSAL, real Azure SDK (DefaultAzureCredential + SecretClient) and the
 * real Graph client against the emulator. Network behaviour is asserted from the emulator's request log.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuth, loadAuthConfig } from "../../src/index.js";
import {
  claimsOf,
  startTestEmulator,
  type TestEmulator,
  useTeammateLogin,
} from "../support/test-emulator.js";

const GRAPH = "https://graph.microsoft.com/.default";
const POWER_BI = "https://analysis.windows.net/powerbi/api/.default";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
  useTeammateLogin(t.emulator);
});
afterAll(() => t.emulator.stop());

const secretReads = () =>
  t.emulator
    .requests()
    .filter(
      (r) => r.origin === "vault" && r.method === "GET" && r.path.startsWith("/secrets/") && r.status === 200,
    );
const appTokenRequests = (scope: string) =>
  t.emulator
    .requests()
    .filter((r) => r.origin === "login" && r.grantType === "client_credentials" && r.scope === scope);

describe("app-only", () => {
  it.each([
    ["PEM", () => t.emulator.tenant.certName],
    ["PKCS#12", () => t.emulator.tenant.pfxCertName],
  ])("gets a Graph token from a %s certificate in Key Vault", async (_kind, certName) => {
    t.emulator.clearRequests();
    const auth = createAuth(loadAuthConfig(t.env({ ENTRA_MCP_CERT_NAME: certName() })));
    const token = await auth.getToken([GRAPH]);
    const claims = claimsOf(token.accessToken);
    expect(claims.aud).toBe("https://graph.microsoft.com");
    expect(claims.appid).toBe(t.emulator.tenant.clientId);
    expect(claims.roles).toEqual(expect.arrayContaining(["User.Read.All"]));
    expect(secretReads()).toHaveLength(1);
    expect(appTokenRequests(GRAPH).filter((r) => r.status === 200)).toHaveLength(1);

    const status = await auth.status();
    expect(status.certificate).toMatchObject({
      source: "keyvault",
      thumbprint: expect.stringMatching(/^[0-9A-F]{40}$/),
    });
    expect(JSON.stringify(status)).not.toContain(token.accessToken);
  });

  it("the second call is served from memory: zero network requests", async () => {
    const auth = createAuth(loadAuthConfig(t.env()));
    await auth.getToken([GRAPH]);
    t.emulator.clearRequests();
    await auth.getToken([GRAPH]);
    expect(t.emulator.requests()).toHaveLength(0);
  });

  it("getGraphClient reaches Graph with a Graph-audience app token", async () => {
    const auth = createAuth(loadAuthConfig(t.env()));
    const client = await auth.getGraphClient({ mode: "app" });
    t.emulator.clearRequests();
    const users = (await client.api("/users").get()) as { value: { userPrincipalName: string }[] };
    expect(users.value.length).toBeGreaterThan(0);
    const graphCalls = t.emulator.requests().filter((r) => r.origin === "graph");
    expect(graphCalls).toHaveLength(1);
    expect(graphCalls[0]).toMatchObject({
      method: "GET",
      status: 200,
      aud: "https://graph.microsoft.com",
      appid: t.emulator.tenant.clientId,
    });
  });

  it("50 concurrent first calls cause exactly one Key Vault read and one token request", async () => {
    t.emulator.clearRequests();
    const auth = createAuth(loadAuthConfig(t.env()));
    const tokens = await Promise.all(Array.from({ length: 50 }, () => auth.getToken([GRAPH])));
    expect(new Set(tokens.map((token) => token.accessToken)).size).toBe(1);
    expect(secretReads()).toHaveLength(1);
    expect(appTokenRequests(GRAPH)).toHaveLength(1);
  });

  it("a restart with the persisted cache needs no Key Vault read and no token request", async () => {
    const env = t.env();
    const first = createAuth(loadAuthConfig(env));
    const token = await first.getToken([GRAPH]);
    t.emulator.clearRequests();
    const restarted = createAuth(loadAuthConfig(env));
    const again = await restarted.getToken([GRAPH]);
    expect(again.accessToken).toBe(token.accessToken);
    expect(
      t.emulator.requests().map((r) => `${r.method} ${r.origin} ${r.path} ${r.status} ${r.scope ?? ""}`),
    ).toEqual([]);
    expect((await restarted.status()).cache).toMatchObject({ persistent: true, encryption: "plaintext" });
  });

  it("app-only tokens carry only the consented app roles for the resource", async () => {
    const auth = createAuth(loadAuthConfig(t.env()));
    const claims = claimsOf((await auth.getToken([POWER_BI])).accessToken);
    expect(claims.aud).toBe("https://analysis.windows.net/powerbi/api");
    expect(claims.roles).toEqual(expect.arrayContaining(["Tenant.Read.All"]));
    expect(claims.roles).not.toContain("User.Read.All");
  });
});
