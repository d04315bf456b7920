import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DefaultTenant, type Emulator, SAMPLE, startEmulator } from "../src/index.js";
import { appToken, call, strangerAppToken, userToken } from "./support/tokens.js";

const PP = "https://api.powerplatform.com";
const BAP_AUDIENCE = "https://service.powerapps.com";
const { contoso, contosoSales } = SAMPLE.environments;

describe("Power Platform admin APIs on the powerplatform origin", () => {
  let emulator: Emulator<DefaultTenant>;
  let app: string;
  let bapApp: string;
  const pp = (path: string) => `${emulator.urls.powerplatform}${path}`;
  const environments = (query = "api-version=2024-10-01") =>
    pp(`/environmentmanagement/environments?${query}`);
  const bap = (query = "api-version=2020-10-01") =>
    pp(`/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments?${query}`);

  beforeAll(async () => {
    emulator = await startEmulator();
    app = await appToken(emulator, `${PP}/.default`);
    bapApp = await appToken(emulator, `${BAP_AUDIENCE}/.default`);
  });
  afterAll(() => emulator.stop());

  describe("Power Platform API: GET /environmentmanagement/environments (audience https://api.powerplatform.com)", () => {
    it("lists both environments, each pointing at its emulated Dataverse origin", async () => {
      const res = await call(environments(), app);
      expect(res.status).toBe(200);
      expect(res.body.value).toHaveLength(2);
      expect(res.body.value[0]).toMatchObject({
        id: contoso.name,
        displayName: contoso.displayName,
        type: "Production",
        url: `${emulator.urls.dataverse}/`,
        domainName: contoso.domainName,
        dataverseId: contoso.organizationId,
        tenantId: emulator.tenant.tenantId,
        state: "Enabled",
      });
      expect(res.body.value[1]).toMatchObject({
        id: contosoSales.name,
        type: "Sandbox",
        url: `${emulator.urls.dataverse2}/`,
      });
      expect(emulator.env.ENTRA_MCP_DATAVERSE_URLS).toBe(
        `${emulator.urls.dataverse},${emulator.urls.dataverse2}`,
      );
    });

    it("$top and $skip limit the list (no @odata.nextLink: the service does not page it); filters with $filter", async () => {
      const first = await call(environments("api-version=2024-10-01&$top=1"), app);
      expect(first.body.value.map((e: { id: string }) => e.id)).toEqual([contoso.name]);
      expect(first.body).not.toHaveProperty("@odata.nextLink");
      const second = await call(environments("api-version=2024-10-01&$top=1&$skip=1"), app);
      expect(second.body.value.map((e: { id: string }) => e.id)).toEqual([contosoSales.name]);
      const sandboxes = await call(environments("api-version=2024-10-01&$filter=type eq 'Sandbox'"), app);
      expect(sandboxes.body.value.map((e: { displayName: string }) => e.displayName)).toEqual([
        contosoSales.displayName,
      ]);
      const one = await call(
        pp(`/environmentmanagement/environments/${contosoSales.name}?api-version=2024-10-01`),
        app,
      );
      expect(one.body.displayName).toBe(contosoSales.displayName);
    });

    it("api-version is required; unregistered service principals are 403 Forbidden", async () => {
      const noVersion = await call(environments(""), app);
      expect(noVersion.status).toBe(400);
      expect(noVersion.body.error.code).toBe("MissingApiVersionParameter");
      const oldVersion = await call(environments("api-version=2019-01-01"), app);
      expect(oldVersion.body.error.code).toBe("InvalidApiVersionParameter");

      emulator.powerPlatform.unregisterManagementApp(emulator.tenant.clientId);
      try {
        const denied = await call(environments(), app);
        expect(denied.status).toBe(403);
        expect(denied.body.error.code).toBe("Forbidden");
        expect(denied.body.error.message).toBe(
          `The service principal with id '${emulator.tenant.spObjectId}' for application ${emulator.tenant.clientId} does not have permission to access the path '${pp("/environmentmanagement/environments")}' in tenant ${emulator.tenant.tenantId}.`,
        );
      } finally {
        emulator.powerPlatform.registerManagementApp(emulator.tenant.clientId);
      }
      const stranger = await strangerAppToken(emulator, `${PP}/.default`);
      expect((await call(environments(), stranger)).status).toBe(403);
    });

    it("delegated: EnvironmentManagement.Environments.Read is needed", async () => {
      const user = await userToken(emulator, [`${PP}/EnvironmentManagement.Environments.Read`]);
      expect((await call(environments(), user)).body.value).toHaveLength(2);
      const other = await userToken(emulator, [`${BAP_AUDIENCE}/User`]);
      const wrong = await call(environments(), other);
      expect(wrong.status).toBe(401);
      expect(wrong.body.error.code).toBe("InvalidAuthenticationTokenAudience");
    });
  });

  describe("BAP: GET /providers/Microsoft.BusinessAppPlatform/scopes/admin/environments (audience https://service.powerapps.com)", () => {
    it("returns name, properties.displayName and properties.linkedEnvironmentMetadata.instanceUrl", async () => {
      const res = await call(bap(), bapApp);
      expect(res.status).toBe(200);
      const [first, second] = res.body.value;
      expect(first).toMatchObject({
        id: `/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments/${contoso.name}`,
        type: "Microsoft.BusinessAppPlatform/scopes/environments",
        name: contoso.name,
        properties: {
          displayName: contoso.displayName,
          isDefault: true,
          environmentSku: "Production",
          linkedEnvironmentMetadata: {
            instanceUrl: `${emulator.urls.dataverse}/`,
            instanceApiUrl: emulator.urls.dataverse,
            uniqueName: contoso.uniqueName,
            resourceId: contoso.organizationId,
          },
        },
      });
      expect(second.properties.linkedEnvironmentMetadata.instanceUrl).toBe(`${emulator.urls.dataverse2}/`);
      const user = await userToken(emulator, [`${BAP_AUDIENCE}/User`]);
      expect((await call(bap(), user)).status).toBe(200);
    });

    it("an api.powerplatform.com token is the wrong audience for BAP", async () => {
      const res = await call(bap(), app);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("InvalidAuthenticationTokenAudience");
    });
  });

  it("discovery end to end: an environment's URL is a token audience and answers WhoAmI", async () => {
    const listed = await call(environments(), app);
    const url = (listed.body.value[1].url as string).replace(/\/$/, "");
    const dataverse = await appToken(emulator, `${url}/.default`);
    const whoami = await call(`${url}/api/data/v9.2/WhoAmI`, dataverse);
    expect(whoami.status).toBe(200);
    expect(whoami.body.OrganizationId).toBe(contosoSales.organizationId);
  });

  it("token problems: expired → 401 ExpiredAuthenticationToken, missing → 401 InvalidAuthenticationToken", async () => {
    emulator.setClockSkew(7200);
    try {
      const expired = await call(environments(), app);
      expect(expired.status).toBe(401);
      expect(expired.body.error.code).toBe("ExpiredAuthenticationToken");
    } finally {
      emulator.setClockSkew(0);
    }
    const missing = await call(environments(), undefined);
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe("InvalidAuthenticationToken");
  });
});
