/**
 * An expired or not-yet-valid certificate, from Key Vault or from a file, is refused before any token
 * request: the error names notBefore/notAfter and the command that fixes it, and the emulator's
 * request log shows no token request by the app.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CertificateMaterial, createSelfSignedCertificate } from "@entra-mcp/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuth, type EntraMcpError, loadAuthConfig } from "../../src/index.js";
import { startTestEmulator, type TestEmulator, useTeammateLogin } from "../support/test-emulator.js";

const GRAPH = "https://graph.microsoft.com/.default";
const DAY_MS = 86_400_000;
const ROTATE = "npx -y @entra-mcp/cli rotate";

let t: TestEmulator;
let dir: string;
beforeAll(async () => {
  t = await startTestEmulator();
  useTeammateLogin(t.emulator);
  dir = mkdtempSync(join(tmpdir(), "entra-mcp-cert-validity-"));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t.emulator.stop();
});

const expired = () =>
  createSelfSignedCertificate({ subject: "CN=expired", notBefore: new Date(Date.now() - 400 * DAY_MS) });
const notYetValid = () =>
  createSelfSignedCertificate({ subject: "CN=future", notBefore: new Date(Date.now() + 2 * DAY_MS) });

/** The app's own token requests (the teammate's vault login is another client). */
const appTokenRequests = () =>
  t.emulator.requests({ origin: "login" }).filter((r) => r.clientId === t.emulator.tenant.clientId);

/** Stores `material` in the vault under `name`, registered on the app as a real rotation would. */
function inVault(name: string, material: CertificateMaterial): NodeJS.ProcessEnv {
  t.emulator.vault.createCertificate(name, { material });
  t.emulator.directory.addKeyCredential(t.emulator.tenant.clientId, material);
  return t.env({ ENTRA_MCP_CERT_NAME: name });
}

function inFile(name: string, material: CertificateMaterial): NodeJS.ProcessEnv {
  const path = join(dir, name);
  writeFileSync(path, `${material.privateKeyPem}${material.certificatePem}`, { mode: 0o600 });
  return t.env({
    ENTRA_MCP_KEYVAULT_URL: undefined,
    ENTRA_MCP_CERT_NAME: undefined,
    ENTRA_MCP_CERT_PATH: path,
  });
}

async function refusal(env: NodeJS.ProcessEnv): Promise<EntraMcpError> {
  t.emulator.clearRequests();
  const error = await createAuth(loadAuthConfig(env), { persistentCache: false })
    .getToken([GRAPH])
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(Error);
  expect(appTokenRequests()).toEqual([]);
  return error as EntraMcpError;
}

describe("certificate validity window", () => {
  it("an expired Key Vault certificate is refused before any token request", async () => {
    const material = expired();
    const error = await refusal(inVault("expired-cert", material));
    expect(error.code).toBe("CERTIFICATE_EXPIRED");
    expect(error.message).toContain(`notAfter ${material.notAfter.toISOString()}`);
    expect(error.message).toContain(`notBefore ${material.notBefore.toISOString()}`);
    expect(error.message).toContain(material.thumbprintSha1Hex);
    expect(error.message).toContain('Key Vault secret "expired-cert"');
    expect(error.fix).toContain(ROTATE);
    // The vault was read (the check is on what it served), the token endpoint never asked.
    expect(t.emulator.requests({ origin: "vault", status: 200 }).length).toBeGreaterThan(0);
  });

  it("a Key Vault certificate that is not valid yet is refused before any token request", async () => {
    const material = notYetValid();
    const error = await refusal(inVault("future-cert", material));
    expect(error.code).toBe("CERTIFICATE_NOT_YET_VALID");
    expect(error.message).toContain(`notBefore ${material.notBefore.toISOString()}`);
    expect(error.message).toContain(`notAfter ${material.notAfter.toISOString()}`);
    expect(error.fix).toContain(ROTATE);
    expect(error.fix).toMatch(/clock/);
  });

  it.each([
    ["expired", expired, "CERTIFICATE_EXPIRED"],
    ["not yet valid", notYetValid, "CERTIFICATE_NOT_YET_VALID"],
  ])("a local certificate file that is %s is refused before any token request", async (_what, make, code) => {
    const material = make();
    const error = await refusal(inFile(`${code}.pem`, material));
    expect(error.code).toBe(code);
    expect(error.message).toContain("ENTRA_MCP_CERT_PATH");
    expect(error.message).toContain(`notAfter ${material.notAfter.toISOString()}`);
    expect(error.fix).toContain(ROTATE);
    expect(t.emulator.requests({ origin: "vault" })).toEqual([]);
  });

  it("a current certificate still gets its token (the check refuses only what is outside its window)", async () => {
    t.emulator.clearRequests();
    const token = await createAuth(loadAuthConfig(t.env()), { persistentCache: false }).getToken([GRAPH]);
    expect(token.accessToken).toBeTruthy();
    expect(appTokenRequests()).toHaveLength(1);
  });
});
