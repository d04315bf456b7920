import { describe, expect, it } from "vitest";
import { certificatePolicy, expiresWithin } from "../../src/certificates/certificate-policy.js";
import { keyCredentialThumbprint, thumbprintsOf } from "../../src/certificates/thumbprints.js";
import { KEY_VAULT_ROLES, readingAssignment } from "../../src/certificates/vault-roles.js";
import type { RoleAssignment } from "../../src/clients/arm-client.js";
import type { VaultCertificate } from "../../src/clients/key-vault-client.js";
import { appendKey } from "../../src/steps/app-key-step.js";
import { mergeRequiredAccess } from "../../src/steps/required-access.js";

const VAULT = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv";

function assignment(role: string, scope: string | undefined): RoleAssignment {
  return {
    id: `${scope ?? VAULT}/providers/Microsoft.Authorization/roleAssignments/a`,
    name: "a",
    properties: {
      roleDefinitionId: `/subscriptions/s1/providers/Microsoft.Authorization/roleDefinitions/${role}`,
      principalId: "p",
      ...(scope ? { scope } : {}),
    },
  };
}

describe("vault roles", () => {
  it("Certificate User, Secrets User or Administrator at the vault or above reads the certificate; Officer does not", () => {
    expect(readingAssignment([assignment(KEY_VAULT_ROLES.certificateUser.id, VAULT)], VAULT)).toBeDefined();
    expect(
      readingAssignment([assignment(KEY_VAULT_ROLES.secretsUser.id, "/subscriptions/s1")], VAULT),
    ).toBeDefined();
    expect(
      readingAssignment(
        [assignment(KEY_VAULT_ROLES.administrator.id, "/subscriptions/s1/resourceGroups/rg")],
        VAULT,
      ),
    ).toBeDefined();
    expect(
      readingAssignment([assignment(KEY_VAULT_ROLES.certificatesOfficer.id, VAULT)], VAULT),
    ).toBeUndefined();
    expect(
      readingAssignment([assignment(KEY_VAULT_ROLES.certificateUser.id, `${VAULT}2`)], VAULT),
    ).toBeUndefined();
  });
});

describe("certificate policy", () => {
  it("RSA 2048, exportable, self-signed, 12 months, PEM by default, no AutoRenew", () => {
    const policy = certificatePolicy("entra-mcp", false);
    expect(policy).toMatchObject({
      issuerName: "Self",
      subject: "CN=entra-mcp",
      keyType: "RSA",
      keySize: 2048,
      exportable: true,
      validityInMonths: 12,
      contentType: "application/x-pem-file",
    });
    expect(JSON.stringify(policy)).not.toContain("AutoRenew");
    expect(certificatePolicy("x", true).contentType).toBe("application/x-pkcs12");
  });

  it("expiry window", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(expiresWithin(new Date("2026-01-20T00:00:00Z"), 30, now)).toBe(true);
    expect(expiresWithin(new Date("2026-03-01T00:00:00Z"), 30, now)).toBe(false);
  });
});

const DER_A = Buffer.from("certificate-a");
const DER_B = Buffer.from("certificate-b");

describe("app keys", () => {
  it("thumbprints from key material or customKeyIdentifier", () => {
    const { sha1 } = thumbprintsOf(DER_A);
    expect(keyCredentialThumbprint({ key: DER_A.toString("base64") })).toBe(sha1);
    expect(
      keyCredentialThumbprint({ customKeyIdentifier: Buffer.from(sha1, "hex").toString("base64") }),
    ).toBe(sha1);
    expect(keyCredentialThumbprint({ customKeyIdentifier: sha1.toLowerCase() })).toBe(sha1);
  });

  it("appending keeps valid keys with their material, drops expired ones, adds the new certificate", () => {
    const now = Date.parse("2026-06-01T00:00:00Z");
    const certificate = { name: "c", version: "v2", derBase64: DER_B.toString("base64") } as VaultCertificate;
    const result = appendKey(
      [
        {
          keyId: "k1",
          type: "AsymmetricX509Cert",
          usage: "Verify",
          key: DER_A.toString("base64"),
          endDateTime: "2027-01-01T00:00:00Z",
        },
        {
          keyId: "k0",
          type: "AsymmetricX509Cert",
          usage: "Verify",
          key: "AAAA",
          endDateTime: "2025-01-01T00:00:00Z",
        },
      ],
      certificate,
      "entra-mcp",
      now,
    );
    expect(result.kept).toBe(1);
    expect(result.dropped).toBe(1);
    expect(result.keyCredentials).toEqual([
      { keyId: "k1", type: "AsymmetricX509Cert", usage: "Verify", key: DER_A.toString("base64") },
      expect.objectContaining({ type: "AsymmetricX509Cert", usage: "Verify", key: DER_B.toString("base64") }),
    ]);
  });

  it("refuses to rewrite the list when Graph withheld a valid key's material", () => {
    const certificate = { name: "c", version: "v2", derBase64: DER_B.toString("base64") } as VaultCertificate;
    expect(() => appendKey([{ keyId: "k1", key: null }], certificate, "x")).toThrow(
      /did not return the key material/,
    );
  });
});

describe("required resource access", () => {
  it("adds what is missing, keeps what exists, reports the names", () => {
    const resources = [
      {
        resourceAppId: "graph",
        resource: "Microsoft Graph",
        spId: "g",
        appRoles: [{ name: "User.Read.All", id: "r1", servers: ["graph"] }],
        scopes: [{ name: "openid", id: "s1", servers: ["graph"] }],
      },
      { resourceAppId: "pbi", resource: "Power BI Service", spId: "p", appRoles: [], scopes: [] },
    ];
    const existing = [
      {
        resourceAppId: "graph",
        resourceAccess: [
          { id: "s1", type: "Scope" as const },
          { id: "x", type: "Role" as const },
        ],
      },
    ];
    const { merged, added } = mergeRequiredAccess(existing, resources);
    expect(merged).toEqual([
      {
        resourceAppId: "graph",
        resourceAccess: [
          { id: "s1", type: "Scope" },
          { id: "x", type: "Role" },
          { id: "r1", type: "Role" },
        ],
      },
    ]);
    expect(added).toEqual([{ resource: "Microsoft Graph", names: ["User.Read.All (application)"] }]);
    expect(mergeRequiredAccess(merged, resources).added).toEqual([]);
  });
});
