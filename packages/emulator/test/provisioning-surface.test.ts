import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmptyTenant, type Emulator, SAMPLE, type SecretLogin, startEmulator } from "../src/index.js";
import { secretToken } from "./support/logins.js";
import { call } from "./support/tokens.js";

const KV = "api-version=7.5";
const POWER_BI = "https://analysis.windows.net/powerbi/api/.default";
const FABRIC = "https://api.fabric.microsoft.com/.default";

describe("what provisioning sets up besides Graph and ARM, on an empty tenant", () => {
  let emulator: Emulator<EmptyTenant>;
  let app: SecretLogin;
  const sales = SAMPLE.workspaces.sales.id;

  beforeAll(async () => {
    emulator = await startEmulator({ seed: "empty" });
    // The app provisioning would have registered (Graph's part is tested in app-management).
    const registration = emulator.directory.addApplication({ displayName: "entra-mcp" });
    const secret = emulator.directory.addPasswordCredential(registration.clientId);
    app = {
      clientId: registration.clientId,
      clientSecret: secret.secret,
      objectId: emulator.directory.requireServicePrincipal(registration.clientId).objectId,
    };
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  describe("Key Vault certificates", () => {
    it("the admin creates a certificate (202 → pending → completed), a second create is a rotation", async () => {
      const token = await secretToken(emulator, emulator.tenant.admin, "https://vault.azure.net/.default");
      const kv = (path: string) => `${emulator.urls.vault}${path}${path.includes("?") ? "&" : "?"}${KV}`;
      const policy = {
        key_props: { exportable: true, kty: "RSA", key_size: 2048, reuse_key: false },
        secret_props: { contentType: "application/x-pem-file" },
        x509_props: { subject: "CN=entra-mcp", validity_months: 12 },
        issuer: { name: "Self" },
      };
      const created = await call(kv("/certificates/entra-mcp/create"), token, {
        method: "POST",
        body: { policy },
      });
      expect(created.status).toBe(202);
      expect(created.body.status).toBe("inProgress");
      let status = "inProgress";
      for (let i = 0; i < 5 && status === "inProgress"; i += 1) {
        status = (await call(kv("/certificates/entra-mcp/pending"), token)).body.status;
      }
      expect(status).toBe("completed");
      const first = await call(kv("/certificates/entra-mcp"), token);
      expect(first.body.cer).toBe(emulator.vault.getCertificate("entra-mcp")?.material.derBase64);

      const rotated = await call(kv("/certificates/entra-mcp/create"), token, { method: "POST", body: {} });
      expect(rotated.status).toBe(202);
      const versions = await call(kv("/certificates/entra-mcp/versions"), token);
      expect(versions.body.value).toHaveLength(2);
      const latest = await call(kv("/certificates/entra-mcp"), token);
      expect(latest.body.x5t).not.toBe(first.body.x5t);
      const old = await call(kv(`/certificates/entra-mcp/${first.body.id.split("/").at(-1)}`), token);
      expect(old.body.x5t).toBe(first.body.x5t);

      const exp = Math.floor(Date.now() / 1000) + 86_400;
      const patched = await call(kv("/certificates/entra-mcp/"), token, {
        method: "PATCH",
        body: { attributes: { exp, enabled: false } },
      });
      expect(patched.body.attributes).toMatchObject({ exp, enabled: false });
      emulator.vault.setExpiry("entra-mcp", new Date(Date.UTC(2020, 0, 1)));
      expect((await call(kv("/certificates/entra-mcp"), token)).body.attributes.exp).toBe(
        Date.UTC(2020, 0, 1) / 1000,
      );
    });
  });

  describe("Power BI workspace users and the Fabric tenant setting", () => {
    it("adding the service principal to a workspace lets the app list its datasets", async () => {
      const admin = await secretToken(emulator, emulator.tenant.admin, POWER_BI);
      const appToken = await secretToken(emulator, app, POWER_BI);
      const users = `${emulator.urls.powerbi}/v1.0/myorg/groups/${sales}/users`;
      const datasets = `${emulator.urls.powerbi}/v1.0/myorg/groups/${sales}/datasets`;
      expect((await call(datasets, appToken)).status).toBe(401);

      const body = { identifier: app.objectId, principalType: "App", groupUserAccessRight: "Member" };
      const teammate = await secretToken(emulator, emulator.tenant.teammate, POWER_BI);
      expect((await call(users, teammate, { method: "POST", body })).status).toBe(401);
      expect((await call(users, admin, { method: "POST", body })).status).toBe(200);
      const again = await call(users, admin, { method: "POST", body });
      expect(again.status).toBe(400);
      expect(again.body.error.code).toBe("AddingAlreadyExistsGroupUserNotSupportedError");
      const listed = await call(users, admin);
      expect(listed.body.value).toContainEqual(
        expect.objectContaining({
          identifier: app.objectId,
          principalType: "App",
          groupUserAccessRight: "Member",
        }),
      );

      const allowed = await call(datasets, appToken);
      expect(allowed.status).toBe(200);
      expect(allowed.body.value.map((d: { name: string }) => d.name)).toEqual([
        "Sales Model",
        "Regional Sales",
      ]);
    });

    it("lists the tenant settings to a Fabric admin; switching service principals off refuses the app", async () => {
      const settings = `${emulator.urls.fabric}/v1/admin/tenantsettings`;
      const admin = await secretToken(emulator, emulator.tenant.admin, FABRIC);
      const listed = await call(settings, admin);
      expect(listed.status).toBe(200);
      const setting = {
        settingName: "ServicePrincipalAccessPermissionAPIs",
        enabled: true,
        tenantSettingGroup: "Developer settings",
      };
      expect(listed.body.tenantSettings).toContainEqual(expect.objectContaining(setting));
      expect(listed.body.value).toEqual(listed.body.tenantSettings);
      const teammate = await secretToken(emulator, emulator.tenant.teammate, FABRIC);
      expect((await call(settings, teammate)).status).toBe(403);

      emulator.tenantSettings.set("ServicePrincipalAccessPermissionAPIs", false);
      try {
        const off = await call(settings, admin);
        expect(off.body.tenantSettings).toContainEqual(
          expect.objectContaining({ ...setting, enabled: false }),
        );
        const pbi = await call(
          `${emulator.urls.powerbi}/v1.0/myorg/groups/${sales}/datasets`,
          await secretToken(emulator, app, POWER_BI),
        );
        expect(pbi.status).toBe(401);
        expect(pbi.body.error.code).toBe("PowerBINotAuthorizedException");
        const fabric = await call(
          `${emulator.urls.fabric}/v1/workspaces`,
          await secretToken(emulator, app, FABRIC),
        );
        expect(fabric.status).toBe(401);
        expect(fabric.body.errorCode).toBe("Unauthorized");
      } finally {
        const update = `${settings}/ServicePrincipalAccessPermissionAPIs/update`;
        expect((await call(update, admin, { method: "POST", body: { enabled: true } })).status).toBe(200);
      }
      const fabric = await call(
        `${emulator.urls.fabric}/v1/workspaces`,
        await secretToken(emulator, app, FABRIC),
      );
      expect(fabric.status).toBe(200);
    });
  });

  describe("Dataverse application users", () => {
    const api = (path: string) => `${emulator.urls.dataverse}/api/data/v9.2${path}`;
    const scope = () => `${emulator.urls.dataverse}/.default`;

    it("an admin-created application user with a security role lets the app in", async () => {
      const admin = await secretToken(emulator, emulator.tenant.admin, scope());
      const appToken = await secretToken(emulator, app, scope());
      const outsider = await call(api("/WhoAmI"), appToken);
      expect(outsider.status).toBe(403);
      expect(outsider.body.error.code).toBe("0x80072560");

      const root = await call(
        api("/businessunits?$filter=parentbusinessunitid eq null&$select=businessunitid"),
        admin,
      );
      expect(root.body.value.map((b: { businessunitid: string }) => b.businessunitid)).toEqual([
        emulator.dataverse[0]?.info.businessUnitId,
      ]);
      const sysadmin = await call(
        api("/roles?$filter=name eq 'System Administrator'&$select=roleid,name"),
        admin,
      );
      expect(sysadmin.body.value).toHaveLength(1);
      const basic = (await call(api("/roles?$filter=name eq 'Basic User'&$select=roleid"), admin)).body
        .value[0];

      const body = {
        applicationid: app.clientId,
        "businessunitid@odata.bind": `/businessunits(${root.body.value[0].businessunitid})`,
      };
      const teammate = await secretToken(emulator, emulator.tenant.teammate, scope());
      expect((await call(api("/systemusers"), teammate, { method: "POST", body })).body.error.code).toBe(
        "0x80072560",
      );
      const created = await call(api("/systemusers"), admin, { method: "POST", body });
      expect(created.status).toBe(204);
      const entityId = created.headers.get("odata-entityid") ?? "";
      expect(entityId).toMatch(
        new RegExp(`^${emulator.urls.dataverse}/api/data/v9.2/systemusers\\([0-9a-f-]{36}\\)$`),
      );
      const found = await call(
        api(`/systemusers?$filter=applicationid eq ${app.clientId}&$select=systemuserid`),
        admin,
      );
      const userId = found.body.value[0].systemuserid;
      expect(entityId).toContain(userId);

      const who = await call(api("/WhoAmI"), appToken);
      expect(who.status).toBe(200);
      expect(who.body.UserId).toBe(userId);
      const noRole = await call(api("/accounts?$select=name"), appToken);
      expect(noRole.status).toBe(403);
      expect(noRole.body.error).toMatchObject({ code: "0x80040220" });
      expect(noRole.body.error.message).toContain("is missing prvReadAccount privilege");
      const selfService = await call(api("/systemusers"), appToken, { method: "POST", body });
      expect(selfService.body.error.message).toContain("prvCreateUser");

      const ref = api(`/systemusers(${userId})/systemuserroles_association/$ref`);
      const roleRef = { "@odata.id": api(`/roles(${basic.roleid})`) };
      expect((await call(ref, admin, { method: "POST", body: roleRef })).status).toBe(204);
      expect((await call(ref, admin, { method: "POST", body: roleRef })).body.error.code).toBe("0x80040237");
      const roles = await call(api(`/systemusers(${userId})/systemuserroles_association`), admin);
      expect(roles.body.value.map((r: { name: string }) => r.name)).toEqual(["Basic User"]);
      const accounts = await call(api("/accounts?$select=name"), appToken);
      expect(accounts.status).toBe(200);
      expect(accounts.body.value).toHaveLength(12);
    });
  });
});
