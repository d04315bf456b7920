/** Certificate rotation (AADSTS700027): newest vault version fetched once and retried once. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CertificateError, createAuth, loadAuthConfig } from "../../src/index.js";
import { startTestEmulator, type TestEmulator, useTeammateLogin } from "../support/test-emulator.js";

const GRAPH = "https://graph.microsoft.com/.default";
const POWER_BI = "https://analysis.windows.net/powerbi/api/.default";

let t: TestEmulator;
beforeEach(async () => {
  t = await startTestEmulator();
  useTeammateLogin(t.emulator);
});
afterEach(() => t.emulator.stop());

const secretReads = () =>
  t.emulator
    .requests()
    .filter((r) => r.origin === "vault" && r.path.startsWith("/secrets/") && r.status === 200);

describe("rotation", () => {
  it("after the vault certificate is rotated and the old key removed, the next token request recovers by itself", async () => {
    const auth = createAuth(loadAuthConfig(t.env()));
    await auth.getToken([GRAPH]);
    const before = (await auth.status()).certificate;
    t.emulator.rotateCertificate(t.emulator.tenant.certName, { registerOnApp: true, removeOld: true });
    t.emulator.clearRequests();

    const token = await auth.getToken([POWER_BI]);
    expect(token.accessToken).toBeTruthy();
    const tokenCalls = t.emulator
      .requests()
      .filter((r) => r.grantType === "client_credentials" && r.scope === POWER_BI);
    expect(tokenCalls.map((r) => r.status)).toEqual([401, 200]);
    expect(secretReads()).toHaveLength(1);
    const after = (await auth.status()).certificate;
    expect(after && "thumbprint" in after && after.thumbprint).not.toBe(
      before && "thumbprint" in before && before.thumbprint,
    );
  });

  it("when neither certificate is registered on the app, the error names both thumbprints and the fix", async () => {
    const auth = createAuth(loadAuthConfig(t.env()));
    await auth.getToken([GRAPH]);
    const status = await auth.status();
    const oldThumbprint =
      status.certificate && "thumbprint" in status.certificate ? status.certificate.thumbprint : "";
    const rotated = t.emulator.rotateCertificate(t.emulator.tenant.certName, {
      registerOnApp: false,
      removeOld: true,
    });

    const error = await auth.getToken([POWER_BI]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CertificateError);
    expect((error as CertificateError).code).toBe("CERTIFICATE_MISMATCH");
    expect((error as Error).message).toContain(oldThumbprint);
    expect((error as Error).message).toContain(rotated.material.thumbprintSha1Hex);
    expect((error as Error).message).toMatch(/AADSTS700027/);
    expect((error as CertificateError).fix).toMatch(/npx -y @entra-mcp\/cli rotate/);
  });
});
