import { ClientSecretCredential } from "@azure/identity";
import { SecretClient } from "@azure/keyvault-secrets";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DefaultTenant, type Emulator, startEmulator } from "../src/index.js";

describe("@azure/identity + @azure/keyvault-secrets against the emulator", () => {
  let emulator: Emulator<DefaultTenant>;
  let client: SecretClient;
  beforeAll(async () => {
    emulator = await startEmulator();
    const { teammate } = emulator.tenant;
    const credential = new ClientSecretCredential(
      emulator.tenant.tenantId,
      teammate.clientId,
      teammate.clientSecret,
      {
        authorityHost: emulator.urls.login,
        disableInstanceDiscovery: true,
      },
    );
    client = new SecretClient(emulator.env.ENTRA_MCP_KEYVAULT_URL ?? "", credential, {
      disableChallengeResourceVerification: true,
    });
  });
  afterAll(() => emulator.stop());

  it("the teammate's ClientSecretCredential reads the PEM certificate secret after the 401 challenge", async () => {
    const secret = await client.getSecret(emulator.tenant.certName);
    expect(secret.properties.contentType).toBe("application/x-pem-file");
    expect(secret.value).toContain("-----BEGIN PRIVATE KEY-----");
    expect(secret.value).toContain("-----BEGIN CERTIFICATE-----");

    const vaultCalls = emulator.requests({ origin: "vault" });
    expect(vaultCalls.map((r) => r.status)).toEqual([401, 200]);
    expect(vaultCalls[0]).not.toHaveProperty("aud");
    expect(vaultCalls[1]).toMatchObject({
      method: "GET",
      aud: "https://vault.azure.net",
      appid: emulator.tenant.teammate.clientId,
      oid: emulator.tenant.teammate.objectId,
    });
    expect(vaultCalls[1]?.path).toMatch(new RegExp(`^/secrets/${emulator.tenant.certName}/\\?api-version=`));
    const token = emulator.requests({ origin: "login", grantType: "client_credentials" });
    expect(token).toHaveLength(1);
    expect(token[0]).toMatchObject({
      clientId: emulator.tenant.teammate.clientId,
      scope: "https://vault.azure.net/.default",
    });
  });

  it("a 429 with Retry-After injected on the vault is honoured by the SDK's retry policy", async () => {
    emulator.clearRequests();
    emulator.inject({
      origin: "vault",
      path: `/secrets/${emulator.tenant.pfxCertName}`,
      status: 429,
      retryAfter: 1,
    });
    const started = Date.now();
    const secret = await client.getSecret(emulator.tenant.pfxCertName);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(secret.properties.contentType).toBe("application/x-pkcs12");
    const calls = emulator.requests({ origin: "vault" });
    expect(calls.map((r) => [r.status, r.fault ?? false])).toEqual([
      [429, true],
      [200, false],
    ]);
  });

  it("the request log never holds the secret, the client secret or the access token", async () => {
    const everything = JSON.stringify(emulator.requests());
    expect(everything).not.toContain(emulator.tenant.teammate.clientSecret);
    expect(everything).not.toContain("eyJ");
    expect(everything).not.toContain("PRIVATE KEY");
  });
});
