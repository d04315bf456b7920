/**
 * The development alternative to Key Vault (ENTRA_MCP_CERT_PATH): a passphrase-protected PEM key with
 * its certificate, or a PFX. The files are test fixtures made here and deleted afterwards.
 */
import { createPrivateKey } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSelfSignedCertificate, toPkcs12Base64 } from "@entra-mcp/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuth, type EntraMcpError, loadAuthConfig } from "../../src/index.js";
import { claimsOf, startTestEmulator, type TestEmulator } from "../support/test-emulator.js";

const GRAPH = "https://graph.microsoft.com/.default";
const PASSPHRASE = "correct horse battery staple";

let t: TestEmulator;
let dir: string;
const certificate = createSelfSignedCertificate({ subject: "CN=entra-mcp-dev" });
beforeAll(async () => {
  t = await startTestEmulator();
  t.emulator.directory.addKeyCredential(t.emulator.tenant.clientId, certificate);
  dir = mkdtempSync(join(tmpdir(), "entra-mcp-local-cert-"));
  const encryptedKey = createPrivateKey(certificate.privateKeyPem).export({
    type: "pkcs8",
    format: "pem",
    cipher: "aes-256-cbc",
    passphrase: PASSPHRASE,
  });
  writeFileSync(join(dir, "dev.pem"), `${encryptedKey}${certificate.certificatePem}`, { mode: 0o600 });
  writeFileSync(join(dir, "dev.pfx"), Buffer.from(toPkcs12Base64(certificate, PASSPHRASE), "base64"), {
    mode: 0o600,
  });
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t.emulator.stop();
});

const localEnv = (file: string, passphrase: string | undefined) =>
  t.env({
    ENTRA_MCP_KEYVAULT_URL: undefined,
    ENTRA_MCP_CERT_NAME: undefined,
    ENTRA_MCP_CERT_PATH: join(dir, file),
    ENTRA_MCP_CERT_PASSPHRASE: passphrase,
  });

describe("local certificate file", () => {
  it.each(["dev.pem", "dev.pfx"])("%s gets an app-only token without touching Key Vault", async (file) => {
    t.emulator.clearRequests();
    const auth = createAuth(loadAuthConfig(localEnv(file, PASSPHRASE)));
    const token = await auth.getToken([GRAPH]);
    expect(claimsOf(token.accessToken).appid).toBe(t.emulator.tenant.clientId);
    expect(t.emulator.requests().filter((r) => r.origin === "vault")).toHaveLength(0);
    expect((await auth.status()).certificate).toMatchObject({
      source: "file",
      thumbprint: certificate.thumbprintSha1Hex,
    });
  });

  it("a wrong passphrase says so and how to fix it", async () => {
    const error = (await createAuth(loadAuthConfig(localEnv("dev.pem", "wrong")))
      .getToken([GRAPH])
      .catch((e: unknown) => e)) as EntraMcpError;
    expect(error.code).toBe("CERTIFICATE_INVALID");
    expect(error.fix).toMatch(/ENTRA_MCP_CERT_PASSPHRASE/);
  });

  it("with ENTRA_MCP_SEND_X5C the assertion carrying the x5c chain is still accepted", async () => {
    const auth = createAuth(
      loadAuthConfig({ ...localEnv("dev.pem", PASSPHRASE), ENTRA_MCP_SEND_X5C: "true" }),
    );
    expect((await auth.getToken([GRAPH])).accessToken).toBeTruthy();
  });
});
