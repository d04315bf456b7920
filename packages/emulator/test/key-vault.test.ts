import { createPrivateKey, X509Certificate } from "node:crypto";
import { createSecureContext } from "node:tls";
import type { GetTokenOptions, TokenCredential } from "@azure/identity";
import { SecretClient } from "@azure/keyvault-secrets";
import { describe, expect, it } from "vitest";
import { API, APP_ID, LOGIN_ORIGIN, TENANT, useKeyVaultHarness } from "./support/key-vault-harness.js";
import { openPfx } from "./support/open-pfx.js";

const kv = useKeyVaultHarness();
const request = kv.request;
const token = kv.token;

describe("authentication", () => {
  it("challenges an anonymous request with the exact header the SDK parses", async () => {
    kv.vault.createCertificate("app-cert");
    const res = await request("GET", `/secrets/app-cert/?${API}`);
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toBe(
      `Bearer authorization="${LOGIN_ORIGIN}/${TENANT}", resource="https://vault.azure.net"`,
    );
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(res.body).toEqual({
      error: { code: "Unauthorized", message: "AKV10000: Request is missing a Bearer or PoP token." },
    });
  });

  it("rejects a wrong audience, a foreign tenant and a bad signature, and accepts the slash audience", async () => {
    kv.vault.createCertificate("app-cert");
    kv.vault.assignRole("oid-1", "Key Vault Secrets User");
    const graph = await request("GET", `/secrets/app-cert/?${API}`, {
      token: await token("oid-1", { aud: "https://graph.microsoft.com" }),
    });
    expect(graph.status).toBe(401);
    expect(graph.body.error.message).toMatch(/^AKV10022: Invalid audience/);
    expect(graph.headers["www-authenticate"]).toContain(`authorization="${LOGIN_ORIGIN}/${TENANT}"`);

    const otherTenant = await request("GET", `/secrets/app-cert/?${API}`, {
      token: await token("oid-1", { tid: "99999999-0000-0000-0000-000000000000" }),
    });
    expect(otherTenant.status).toBe(401);

    const forged = await request("GET", `/secrets/app-cert/?${API}`, {
      token: await token("oid-1", {}, true),
    });
    expect(forged.status).toBe(401);

    const slash = await request("GET", `/secrets/app-cert/?${API}`, {
      token: await token("oid-1", { aud: "https://vault.azure.net/" }),
    });
    expect(slash.status).toBe(200);
  });

  it("requires api-version", async () => {
    kv.vault.assignRole("oid-1", "Key Vault Secrets User");
    const res = await request("GET", "/secrets/app-cert/", { token: await token("oid-1") });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("BadParameter");
  });
});

describe("secrets", () => {
  it("returns a PEM certificate's secret as private key + certificate", async () => {
    const cert = kv.vault.createCertificate("app-cert", { contentType: "application/x-pem-file" });
    kv.vault.assignRole("oid-1", "Key Vault Certificate User");
    const res = await request("GET", `/secrets/app-cert/?${API}`, { token: await token("oid-1") });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(res.body).toMatchObject({
      contentType: "application/x-pem-file",
      id: `${kv.vaultUrl}/secrets/app-cert/${cert.version}`,
      kid: `${kv.vaultUrl}/keys/app-cert/${cert.version}`,
      managed: true,
      attributes: {
        enabled: true,
        nbf: Math.floor(cert.material.notBefore.getTime() / 1000),
        exp: Math.floor(cert.material.notAfter.getTime() / 1000),
        recoveryLevel: "Recoverable+Purgeable",
      },
      tags: {},
    });
    const value: string = res.body.value;
    expect(value.indexOf("-----BEGIN PRIVATE KEY-----")).toBe(0);
    const x509 = new X509Certificate(value.slice(value.indexOf("-----BEGIN CERTIFICATE-----")));
    expect(x509.checkPrivateKey(createPrivateKey(value))).toBe(true);
    expect(x509.fingerprint256.replaceAll(":", "")).toBe(cert.material.thumbprintSha256Hex);
  });

  it("returns a PKCS#12 certificate's secret as a PFX with an empty password", async () => {
    const cert = kv.vault.createCertificate("pfx-cert", { contentType: "application/x-pkcs12" });
    kv.vault.assignRole("oid-1", "Key Vault Secrets User");
    const res = await request("GET", `/secrets/pfx-cert/?${API}`, { token: await token("oid-1") });
    expect(res.status).toBe(200);
    expect(res.body.contentType).toBe("application/x-pkcs12");

    const { keyPem, certPem } = openPfx(res.body.value, "");
    const x509 = new X509Certificate(certPem);
    expect(x509.fingerprint.replaceAll(":", "")).toBe(cert.material.thumbprintSha1Hex);
    expect(x509.checkPrivateKey(createPrivateKey(keyPem))).toBe(true);
    // OpenSSL (what TLS and many tools use) must read it too, not just forge.
    expect(() =>
      createSecureContext({ pfx: Buffer.from(res.body.value, "base64"), passphrase: "" }),
    ).not.toThrow();
  });

  it("serves a specific version, and rotation makes a new latest version", async () => {
    const v1 = kv.vault.createCertificate("app-cert");
    const v2 = kv.vault.createCertificate("app-cert");
    expect(v2.version).not.toBe(v1.version);
    kv.vault.assignRole("oid-1", "Key Vault Secrets User");
    const t = await token("oid-1");

    const latest = await request("GET", `/secrets/app-cert/?${API}`, { token: t });
    expect(latest.body.id).toBe(`${kv.vaultUrl}/secrets/app-cert/${v2.version}`);
    expect(latest.body.value).toContain(v2.material.certificatePem.trim());

    const old = await request("GET", `/secrets/app-cert/${v1.version}?${API}`, { token: t });
    expect(old.status).toBe(200);
    expect(old.body.id).toBe(`${kv.vaultUrl}/secrets/app-cert/${v1.version}`);
    expect(old.body.value).toContain(v1.material.certificatePem.trim());
  });

  it("answers 403 ForbiddenByRbac when the caller holds no role that can read the secret", async () => {
    kv.vault.createCertificate("app-cert");
    kv.vault.assignRole("oid-officer", "Key Vault Certificates Officer");
    const res = await request("GET", `/secrets/app-cert/?${API}`, { token: await token("oid-officer") });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("Forbidden");
    expect(res.body.error.innererror).toEqual({ code: "ForbiddenByRbac" });
    expect(res.body.error.message).toBe(
      "Caller is not authorized to perform action on resource.\r\n" +
        "If role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\r\n" +
        `Caller: appid=${APP_ID};oid=oid-officer;iss=https://sts.windows.net/${TENANT}/\r\n` +
        "Action: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'\r\n" +
        `Resource: '${kv.vault.resourceId}/secrets/app-cert'\r\n` +
        "Assignment: (not found)\r\n" +
        "DenyAssignmentId: null\r\n" +
        "DecisionReason: null \r\n" +
        "Vault: kv-test;location=westeurope\r\n",
    );

    // Removing the only reading role takes access away again.
    kv.vault.assignRole("oid-user", "Key Vault Certificate User");
    const t = await token("oid-user");
    expect((await request("GET", `/secrets/app-cert/?${API}`, { token: t })).status).toBe(200);
    kv.vault.removeRole("oid-user", "Key Vault Certificate User");
    expect((await request("GET", `/secrets/app-cert/?${API}`, { token: t })).status).toBe(403);
  });

  it("answers 404 SecretNotFound for an unknown name or version", async () => {
    kv.vault.createCertificate("app-cert");
    kv.vault.assignRole("oid-1", "Key Vault Administrator");
    const t = await token("oid-1");
    const name = await request("GET", `/secrets/nope/?${API}`, { token: t });
    expect(name.status).toBe(404);
    expect(name.body.error.code).toBe("SecretNotFound");
    expect(name.body.error.message).toMatch(
      /^A secret with \(name\/id\) nope was not found in this key vault\./,
    );
    const version = await request("GET", `/secrets/app-cert/${"0".repeat(32)}?${API}`, { token: t });
    expect(version.status).toBe(404);
    expect(version.body.error.message).toContain(`app-cert/${"0".repeat(32)}`);
  });

  it("refuses a disabled version with SecretDisabled but still serves the others", async () => {
    const v1 = kv.vault.createCertificate("app-cert");
    kv.vault.createCertificate("app-cert");
    kv.vault.setEnabled("app-cert", false);
    kv.vault.assignRole("oid-1", "Key Vault Secrets User");
    const t = await token("oid-1");
    const res = await request("GET", `/secrets/app-cert/?${API}`, { token: t });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      error: {
        code: "Forbidden",
        message: "Operation get is not allowed on a disabled secret.",
        innererror: { code: "SecretDisabled" },
      },
    });
    expect((await request("GET", `/secrets/app-cert/${v1.version}?${API}`, { token: t })).status).toBe(200);
  });

  it("serves plain secrets without certificate fields", async () => {
    kv.vault.setPlainSecret("db-password", "hunter2", "text/plain");
    kv.vault.assignRole("oid-1", "Key Vault Secrets User");
    const res = await request("GET", `/secrets/db-password?${API}`, { token: await token("oid-1") });
    expect(res.status).toBe(200);
    expect(res.body.value).toBe("hunter2");
    expect(res.body.contentType).toBe("text/plain");
    expect(res.body.managed).toBeUndefined();
    expect(res.body.kid).toBeUndefined();
  });

  it("works end to end with the real SecretClient (challenge, token scope, tenant)", async () => {
    const cert = kv.vault.createCertificate("app-cert");
    kv.vault.assignRole("oid-sdk", "Key Vault Certificate User");
    const requests: { scopes: string | string[]; tenantId?: string }[] = [];
    const credential: TokenCredential = {
      async getToken(scopes, options?: GetTokenOptions) {
        requests.push({ scopes, ...(options?.tenantId ? { tenantId: options.tenantId } : {}) });
        return { token: await token("oid-sdk"), expiresOnTimestamp: Date.now() + 3_600_000 };
      },
    };
    const client = new SecretClient(kv.vaultUrl, credential, {
      disableChallengeResourceVerification: true,
      tlsOptions: { ca: kv.ca.certificatePem },
      retryOptions: { maxRetries: 0 },
    });
    const secret = await client.getSecret("app-cert");
    expect(secret.properties.version).toBe(cert.version);
    expect(secret.properties.certificateKeyId).toBe(`${kv.vaultUrl}/keys/app-cert/${cert.version}`);
    expect(secret.properties.managed).toBe(true);
    expect(secret.value).toContain(cert.material.certificatePem.trim());
    expect(requests).toEqual([{ scopes: ["https://vault.azure.net/.default"], tenantId: TENANT }]);
  });
});
