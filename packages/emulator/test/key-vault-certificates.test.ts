import { X509Certificate } from "node:crypto";
import forge from "node-forge";
import { describe, expect, it } from "vitest";
import { API, useKeyVaultHarness } from "./support/key-vault-harness.js";

const kv = useKeyVaultHarness();

const createBody = {
  policy: {
    key_props: { exportable: true, kty: "RSA", key_size: 2048, reuse_key: false },
    secret_props: { contentType: "application/x-pkcs12" },
    x509_props: { subject: "CN=created-by-test", validity_months: 6 },
    issuer: { name: "Self" },
  },
  attributes: { enabled: true },
  tags: { purpose: "test" },
};

describe("certificates", () => {
  it("returns a bundle whose x5t, cer and ids match the stored version", async () => {
    const cert = kv.vault.createCertificate("app-cert", { subject: "CN=app", validityMonths: 3 });
    kv.vault.assignRole("oid-1", "Key Vault Certificate User");
    const res = await kv.request("GET", `/certificates/app-cert/?${API}`, { token: await kv.token("oid-1") });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(res.body.x5t).toBe(cert.material.x5t);
    expect(res.body.cer).toBe(cert.material.derBase64);
    expect(res.body.id).toBe(`${kv.vaultUrl}/certificates/app-cert/${cert.version}`);
    expect(res.body.kid).toBe(`${kv.vaultUrl}/keys/app-cert/${cert.version}`);
    expect(res.body.sid).toBe(`${kv.vaultUrl}/secrets/app-cert/${cert.version}`);
    expect(res.body.attributes.exp).toBe(Math.floor(cert.material.notAfter.getTime() / 1000));
    expect(res.body.attributes.nbf).toBe(Math.floor(cert.material.notBefore.getTime() / 1000));
    expect(res.body.policy).toMatchObject({
      key_props: { exportable: true, kty: "RSA", key_size: 2048, reuse_key: false },
      secret_props: { contentType: "application/x-pem-file" },
      x509_props: { subject: "CN=app", validity_months: 3 },
      issuer: { name: "Self" },
    });
    // The bundle carries the public certificate only.
    expect(JSON.stringify(res.body)).not.toContain("PRIVATE KEY");
    expect(new X509Certificate(Buffer.from(res.body.cer, "base64")).subject).toBe("CN=app");
  });

  it("lets Reader and Certificates Officer read certificates but not Secrets User", async () => {
    kv.vault.createCertificate("app-cert");
    kv.vault.assignRole("oid-reader", "Key Vault Reader");
    kv.vault.assignRole("oid-officer", "Key Vault Certificates Officer");
    kv.vault.assignRole("oid-secrets", "Key Vault Secrets User");
    const get = async (oid: string) =>
      kv.request("GET", `/certificates/app-cert/?${API}`, { token: await kv.token(oid) });
    expect((await get("oid-reader")).status).toBe(200);
    expect((await get("oid-officer")).status).toBe(200);
    const denied = await get("oid-secrets");
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toContain("Action: 'Microsoft.KeyVault/vaults/certificates/read'");
    // Reader sees metadata only: the secret stays out of reach.
    const secret = await kv.request("GET", `/secrets/app-cert/?${API}`, {
      token: await kv.token("oid-reader"),
    });
    expect(secret.status).toBe(403);
  });

  it("lists certificates and versions, and 404s an unknown certificate", async () => {
    const v1 = kv.vault.createCertificate("app-cert");
    const v2 = kv.vault.createCertificate("app-cert");
    kv.vault.createCertificate("other");
    kv.vault.assignRole("oid-1", "Key Vault Reader");
    const t = await kv.token("oid-1");

    const list = await kv.request("GET", `/certificates?${API}`, { token: t });
    expect(list.status).toBe(200);
    expect(list.body.nextLink).toBeNull();
    expect(list.body.value.map((i: { id: string }) => i.id)).toEqual([
      `${kv.vaultUrl}/certificates/app-cert`,
      `${kv.vaultUrl}/certificates/other`,
    ]);
    expect(list.body.value[0].x5t).toBe(v2.material.x5t);

    const versions = await kv.request("GET", `/certificates/app-cert/versions?${API}`, { token: t });
    expect(versions.body.value.map((i: { id: string }) => i.id)).toEqual([
      `${kv.vaultUrl}/certificates/app-cert/${v1.version}`,
      `${kv.vaultUrl}/certificates/app-cert/${v2.version}`,
    ]);

    const old = await kv.request("GET", `/certificates/app-cert/${v1.version}?${API}`, { token: t });
    expect(old.body.x5t).toBe(v1.material.x5t);

    const missing = await kv.request("GET", `/certificates/nope/?${API}`, { token: t });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("CertificateNotFound");
    expect(missing.body.error.message).toMatch(
      /^A certificate with \(name\/id\) nope was not found in this key vault\./,
    );
  });

  it("creates through a pending operation that reports inProgress, then completed", async () => {
    kv.vault.assignRole("oid-officer", "Key Vault Certificates Officer");
    kv.vault.assignRole("oid-user", "Key Vault Certificate User");
    const officer = await kv.token("oid-officer");

    const notAllowed = await kv.request("POST", `/certificates/new-cert/create?${API}`, {
      token: await kv.token("oid-user"),
      body: createBody,
    });
    expect(notAllowed.status).toBe(403);
    expect(notAllowed.body.error.message).toContain(
      "Action: 'Microsoft.KeyVault/vaults/certificates/create/action'",
    );

    const created = await kv.request("POST", `/certificates/new-cert/create?${API}`, {
      token: officer,
      body: createBody,
    });
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({
      id: `${kv.vaultUrl}/certificates/new-cert/pending`,
      issuer: { name: "Self" },
      cancellation_requested: false,
      status: "inProgress",
    });
    expect(created.headers.location).toBe(
      `${kv.vaultUrl}/certificates/new-cert/pending?${API}&request_id=${created.body.request_id}`,
    );
    // The CSR is a real PKCS#10 request for the new key.
    const csr = forge.pki.certificationRequestFromAsn1(
      forge.asn1.fromDer(forge.util.decode64(created.body.csr)),
    );
    expect(csr.verify()).toBe(true);
    expect(csr.subject.getField("CN").value).toBe("created-by-test");

    const first = await kv.request("GET", `/certificates/new-cert/pending?${API}`, { token: officer });
    expect(first.body.status).toBe("inProgress");
    const second = await kv.request("GET", `/certificates/new-cert/pending?${API}`, { token: officer });
    expect(second.body.status).toBe("completed");
    expect(second.body.target).toBe(`${kv.vaultUrl}/certificates/new-cert`);

    const bundle = await kv.request("GET", `/certificates/new-cert/?${API}`, { token: officer });
    expect(bundle.body.policy.x509_props).toMatchObject({
      subject: "CN=created-by-test",
      validity_months: 6,
    });
    expect(bundle.body.tags).toEqual({ purpose: "test" });
    expect(bundle.body.pending).toEqual({ id: `${kv.vaultUrl}/certificates/new-cert/pending` });

    const secret = await kv.request("GET", `/secrets/new-cert/?${API}`, {
      token: await kv.token("oid-user"),
    });
    expect(secret.body.contentType).toBe("application/x-pkcs12");
    expect(secret.body.id).toBe(bundle.body.sid);
  });

  it("refuses create bodies it cannot honour and 404s a pending read with no operation", async () => {
    kv.vault.assignRole("oid-admin", "Key Vault Administrator");
    const t = await kv.token("oid-admin");
    const ec = await kv.request("POST", `/certificates/ec-cert/create?${API}`, {
      token: t,
      body: { ...createBody, policy: { ...createBody.policy, key_props: { kty: "EC" } } },
    });
    expect(ec.status).toBe(400);
    expect(ec.body.error.code).toBe("BadParameter");
    const noPolicy = await kv.request("POST", `/certificates/bare/create?${API}`, { token: t, body: {} });
    expect(noPolicy.status).toBe(400);
    const pending = await kv.request("GET", `/certificates/bare/pending?${API}`, { token: t });
    expect(pending.status).toBe(404);
    expect(pending.body.error.code).toBe("PendingCertificateNotFound");
  });

  it("disables a version through PATCH, which also disables its secret", async () => {
    const cert = kv.vault.createCertificate("app-cert");
    kv.vault.assignRole("oid-officer", "Key Vault Certificates Officer");
    kv.vault.assignRole("oid-user", "Key Vault Certificate User");
    const patched = await kv.request("PATCH", `/certificates/app-cert/${cert.version}?${API}`, {
      token: await kv.token("oid-officer"),
      body: { attributes: { enabled: false } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.attributes.enabled).toBe(false);
    const secret = await kv.request("GET", `/secrets/app-cert/?${API}`, {
      token: await kv.token("oid-user"),
    });
    expect(secret.status).toBe(403);
    expect(secret.body.error.innererror.code).toBe("SecretDisabled");
    // Certificate User may read but not update.
    const denied = await kv.request("PATCH", `/certificates/app-cert/${cert.version}?${API}`, {
      token: await kv.token("oid-user"),
      body: { attributes: { enabled: true } },
    });
    expect(denied.status).toBe(403);
  });
});
