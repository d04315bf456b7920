/**
 * A Key Vault secret whose content type says one format while the value is the other is still read,
 * with a warning that names the mismatch (so the next person who stores it does not guess again).
 */
import { createSelfSignedCertificate, toPkcs12Base64 } from "@entra-mcp/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuth, loadAuthConfig, setLogSink } from "../../src/index.js";
import {
  claimsOf,
  startTestEmulator,
  type TestEmulator,
  useTeammateLogin,
} from "../support/test-emulator.js";

const GRAPH = "https://graph.microsoft.com/.default";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
  useTeammateLogin(t.emulator);
});
afterAll(() => t.emulator.stop());

async function tokenWithWarnings(certName: string): Promise<{ appid: unknown; warnings: string[] }> {
  const warnings: string[] = [];
  const previous = setLogSink((level, line) => {
    if (level === "warn") warnings.push(line);
  }, "warn");
  try {
    const token = await createAuth(loadAuthConfig(t.env({ ENTRA_MCP_CERT_NAME: certName })), {
      persistentCache: false,
    }).getToken([GRAPH]);
    return { appid: claimsOf(token.accessToken).appid, warnings };
  } finally {
    setLogSink(previous);
  }
}

describe("content type mismatch", () => {
  it("a PEM stored with the PKCS#12 content type is read as PEM, with a warning naming the mismatch", async () => {
    const material = createSelfSignedCertificate({ subject: "CN=pem-as-pfx" });
    t.emulator.directory.addKeyCredential(t.emulator.tenant.clientId, material);
    t.emulator.vault.setPlainSecret(
      "pem-as-pfx",
      `${material.privateKeyPem}${material.certificatePem}`,
      "application/x-pkcs12",
    );
    const { appid, warnings } = await tokenWithWarnings("pem-as-pfx");
    expect(appid).toBe(t.emulator.tenant.clientId);
    const warning = warnings.find((line) => line.includes('"pem-as-pfx"'));
    expect(warning).toMatch(/content type "application\/x-pkcs12" but holds PEM/);
    expect(warning).toMatch(/application\/x-pem-file/);
    expect(warnings.join("\n")).not.toMatch(/PRIVATE KEY/);
  });

  it("a PKCS#12 stored with the PEM content type is read as PKCS#12, with a warning naming the mismatch", async () => {
    const material = createSelfSignedCertificate({ subject: "CN=pfx-as-pem" });
    t.emulator.directory.addKeyCredential(t.emulator.tenant.clientId, material);
    t.emulator.vault.setPlainSecret("pfx-as-pem", toPkcs12Base64(material, ""), "application/x-pem-file");
    const { appid, warnings } = await tokenWithWarnings("pfx-as-pem");
    expect(appid).toBe(t.emulator.tenant.clientId);
    expect(warnings.find((line) => line.includes('"pfx-as-pem"'))).toMatch(
      /content type "application\/x-pem-file" but holds no PEM/,
    );
  });

  it("matching content types read without a warning", async () => {
    const { warnings } = await tokenWithWarnings(t.emulator.tenant.certName);
    expect(warnings.filter((line) => line.includes("content type"))).toEqual([]);
  });
});
