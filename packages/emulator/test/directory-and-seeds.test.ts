import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DefaultTenant,
  type Emulator,
  ensureEmulatorCa,
  RESOURCE_APP_IDS,
  startEmulator,
} from "../src/index.js";
import { certificateClient, thrown } from "./helpers.js";

const GRAPH = "https://graph.microsoft.com/.default";

describe("certificate rotation on the seeded app", () => {
  let emulator: Emulator<DefaultTenant>;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.stop());

  it("rotateCertificate adds a vault version registered on the app; removeOld retires the previous one (AADSTS700027)", async () => {
    const old = emulator.vault.getCertificate(emulator.tenant.certName);
    if (!old) throw new Error("no certificate");
    const rotated = emulator.rotateCertificate(emulator.tenant.certName);
    expect(emulator.vault.listVersions(emulator.tenant.certName)).toHaveLength(2);
    expect(emulator.vault.getCertificate(emulator.tenant.certName)?.version).toBe(rotated.version);
    await expect(
      certificateClient(emulator, emulator.tenant.clientId, old.material).acquireTokenByClientCredential({
        scopes: [GRAPH],
      }),
    ).resolves.toBeTruthy();

    const third = emulator.rotateCertificate(emulator.tenant.certName, { removeOld: true });
    const error = await thrown(() =>
      certificateClient(emulator, emulator.tenant.clientId, rotated.material).acquireTokenByClientCredential({
        scopes: [GRAPH],
      }),
    );
    expect(error.message).toContain("AADSTS700027");
    await expect(
      certificateClient(emulator, emulator.tenant.clientId, third.material).acquireTokenByClientCredential({
        scopes: [GRAPH],
      }),
    ).resolves.toBeTruthy();
  });

  it("directory mutations: removing consent empties roles; unknown role names are refused", async () => {
    const material = emulator.vault.getCertificate(emulator.tenant.certName)?.material;
    if (!material) throw new Error("no certificate");
    emulator.directory.revokeAppRoles(emulator.tenant.clientId, RESOURCE_APP_IDS.powerBi);
    const token = await certificateClient(
      emulator,
      emulator.tenant.clientId,
      material,
    ).acquireTokenByClientCredential({
      scopes: ["https://api.fabric.microsoft.com/.default"],
    });
    const claims = JSON.parse(
      Buffer.from(token?.accessToken.split(".")[1] ?? "", "base64url").toString(),
    ) as Record<string, unknown>;
    expect(claims.aud).toBe("https://api.fabric.microsoft.com");
    expect(claims).not.toHaveProperty("roles");
    expect(() =>
      emulator.directory.grantAppRoles(emulator.tenant.clientId, RESOURCE_APP_IDS.graph, ["User.Raed.All"]),
    ).toThrow(/no app role User\.Raed\.All/);
  });
});

describe("the empty seed", () => {
  it("has the resources, an empty vault, an admin and a teammate, and the admin's Azure login as env", async () => {
    const emulator = await startEmulator({ seed: "empty" });
    try {
      const { env, tenant } = emulator;
      expect(env.ENTRA_MCP_CLIENT_ID).toBeUndefined();
      expect(env.ENTRA_MCP_CERT_NAME).toBeUndefined();
      expect(env.ENTRA_MCP_TENANT_ID).toBe(tenant.tenantId);
      expect(env.AZURE_CLIENT_ID).toBe(tenant.admin.clientId);
      expect(env.AZURE_CLIENT_SECRET).toBe(tenant.admin.clientSecret);
      expect(env.ENTRA_MCP_EMULATOR_TEAMMATE_CLIENT_ID).toBe(tenant.teammate.clientId);
      expect(env.ENTRA_MCP_EMULATOR_TEAMMATE_CLIENT_SECRET).toBe(tenant.teammate.clientSecret);
      expect(env.ENTRA_MCP_EMULATOR_TEAMMATE_OBJECT_ID).toBe(tenant.teammate.objectId);
      expect(env.ENTRA_MCP_EMULATOR_TEAMMATE_USER_UPN).toBe("teammate@contoso.test");
      expect(env.ENTRA_MCP_EMULATOR_TEAMMATE_USER_OBJECT_ID).toBe(tenant.teammate.user?.oid);
      expect(env.ENTRA_MCP_EMULATOR_SUBSCRIPTION_ID).toBe(tenant.subscriptionId);
      expect(env.ENTRA_MCP_EMULATOR_VAULT_RESOURCE_ID).toBe(
        `/subscriptions/${tenant.subscriptionId}/resourceGroups/entra-mcp-emulator/providers/Microsoft.KeyVault/vaults/entra-mcp-emulator`,
      );
      // Only the two Azure logins and the (public) MCP client exist: nothing has been provisioned.
      expect(
        emulator.directory
          .listApplications()
          .map((a) => a.clientId)
          .sort(),
      ).toEqual([tenant.admin.clientId, tenant.teammate.clientId, tenant.mcpClientId].sort());
      expect(emulator.directory.findResource("https://api.powerplatform.com")?.sp.appId).toBe(
        RESOURCE_APP_IDS.powerPlatform,
      );
      expect(emulator.directory.findResource("https://contoso.crm4.dynamics.com/")?.audience).toBe(
        "https://contoso.crm4.dynamics.com",
      );
      expect(emulator.vault.listCertificateNames()).toEqual([]);
      expect(emulator.vault.rolesOf(tenant.admin.objectId).sort()).toEqual(["Key Vault Administrator"]);
      expect(emulator.vault.rolesOf(tenant.teammate.objectId)).toEqual([]);
      expect(emulator.vault.rolesOf(tenant.teammate.user?.oid ?? "")).toEqual([]);
    } finally {
      await emulator.stop();
    }
  });
});

describe("ensureEmulatorCa", () => {
  it("creates one CA even when called concurrently, keeps the key 0600, and reuses it afterwards", async () => {
    const dir = await mkdtemp(join(tmpdir(), "entra-mcp-ca-test-"));
    try {
      const results = await Promise.all(Array.from({ length: 5 }, () => ensureEmulatorCa(dir)));
      const pems = await Promise.all(results.map((r) => readFile(r.caPath, "utf8")));
      expect(new Set(pems).size).toBe(1);
      expect((await stat(join(dir, "ca-key.pem"))).mode & 0o777).toBe(0o600);
      const again = await ensureEmulatorCa(dir);
      expect(await readFile(again.caPath, "utf8")).toBe(pems[0]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
