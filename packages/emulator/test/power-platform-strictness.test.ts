/**
 * The Power Platform API as documented, nothing invented: its delegated scopes are Microsoft's
 * (no EnvironmentManagement.Environments.ReadWrite), environment listing (api-version 2024-10-01)
 * takes $filter on the documented properties, $select and $top, and has no paging (the service's
 * EnvironmentList is `value` only); Power Apps listing needs PowerApps.Apps.Read.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DefaultTenant, type Emulator, SAMPLE, startEmulator } from "../src/index.js";
import { appToken, call, userToken } from "./support/tokens.js";

const PP = "https://api.powerplatform.com";
const POWER_PLATFORM_API_APP_ID = "8578e004-a5c6-46e7-913e-12f58912df43";
const { contoso, contosoSales } = SAMPLE.environments;

describe("Power Platform API strictness", () => {
  let emulator: Emulator<DefaultTenant>;
  let app: string;
  const pp = (path: string) => `${emulator.urls.powerplatform}${path}`;
  const environments = (query: string) =>
    pp(`/environmentmanagement/environments?api-version=2024-10-01${query}`);

  beforeAll(async () => {
    emulator = await startEmulator();
    app = await appToken(emulator, `${PP}/.default`);
  });
  afterAll(() => emulator.stop());

  it("the Power Platform API's delegated scopes are Microsoft's: no invented EnvironmentManagement.Environments.ReadWrite", () => {
    const sp = emulator.directory.servicePrincipalOf(POWER_PLATFORM_API_APP_ID);
    const scopes = (sp?.oauth2PermissionScopes ?? []).map((s) => s.value);
    expect(scopes).toContain("EnvironmentManagement.Environments.Read");
    expect(scopes).not.toContain("EnvironmentManagement.Environments.ReadWrite");
    // Every name is on Microsoft's Power Platform API permission reference.
    for (const scope of scopes) {
      expect(scope).toMatch(
        /^(AppManagement\.ApplicationPackages\.(Read|Install)|EnvironmentManagement\.(Environments\.Read|Groups\.Read|Groups\.ReadWrite|Settings\.Read|Settings\.ReadWrite)|Licensing\.BillingPolicies\.Read|PowerApps\.Apps\.(Read|Play)|PowerAutomate\.Flows\.(Read|Write)|Connectivity\.(Connections|Connectors)\.Read)$/,
      );
    }
  });

  it("$top limits the list and there is no @odata.nextLink: the EnvironmentList has no paging", async () => {
    const first = await call(environments("&$top=1"), app);
    expect(first.status).toBe(200);
    expect(first.body.value.map((e: { id: string }) => e.id)).toEqual([contoso.name]);
    expect(Object.keys(first.body)).toEqual(["value"]);
  });

  it("$select returns only the selected properties (list and single environment)", async () => {
    const listed = await call(environments("&$select=id,displayName,url"), app);
    expect(listed.body.value[1]).toEqual({
      id: contosoSales.name,
      displayName: contosoSales.displayName,
      url: `${emulator.urls.dataverse2}/`,
    });
    const one = await call(
      pp(
        `/environmentmanagement/environments/${contoso.name}?api-version=2024-10-01&$select=displayName,type`,
      ),
      app,
    );
    expect(one.body).toEqual({ displayName: contoso.displayName, type: "Production" });
    const bad = await call(environments("&$select=colour"), app);
    expect(bad.status).toBe(400);
  });

  it("$filter takes the documented properties (dataverseId, type, geo, state, environmentGroupId, domainName), nothing else", async () => {
    const sandboxes = await call(environments("&$filter=type eq 'Sandbox'"), app);
    expect(sandboxes.body.value.map((e: { id: string }) => e.id)).toEqual([contosoSales.name]);
    const byDomain = await call(environments(`&$filter=domainName eq '${contoso.domainName}'`), app);
    expect(byDomain.body.value.map((e: { id: string }) => e.id)).toEqual([contoso.name]);
    const byName = await call(environments(`&$filter=displayName eq '${contoso.displayName}'`), app);
    expect(byName.status).toBe(400);
    expect(byName.body.error.code).toBe("InvalidFilter");
  });

  it("Power Apps of an environment: app-only as a management app, delegated with PowerApps.Apps.Read", async () => {
    const apps = pp(`/powerapps/environments/${contoso.name}/apps?api-version=2022-03-01-preview`);
    const listed = await call(apps, app);
    expect(listed.status).toBe(200);
    expect(
      listed.body.value.map((a: { properties: { displayName: string } }) => a.properties.displayName),
    ).toEqual(["Account Explorer", "Expense Reports"]);
    expect(listed.body.value[0]).toMatchObject({
      type: "Microsoft.PowerApps/apps",
      properties: { environment: { name: contoso.name } },
    });
    const reader = await userToken(emulator, [`${PP}/PowerApps.Apps.Read`]);
    expect((await call(apps, reader)).status).toBe(200);
    const environmentsOnly = await userToken(emulator, [`${PP}/EnvironmentManagement.Environments.Read`]);
    expect((await call(apps, environmentsOnly)).status).toBe(403);
    const missing = await call(pp(`/powerapps/environments/nope/apps?api-version=2022-03-01-preview`), app);
    expect(missing.status).toBe(404);
  });
});
