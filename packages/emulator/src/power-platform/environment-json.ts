import type { DataverseEnvironment } from "../dataverse/dataverse-environment.js";

const DATAVERSE_VERSION = "9.2.25033.00187";

/** An environment as BAP's scopes/admin/environments lists it (Microsoft.BusinessAppPlatform shape). */
export function bapEnvironmentJson(e: DataverseEnvironment, tenantId: string): Record<string, unknown> {
  const { info } = e;
  return {
    id: `/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments/${info.name}`,
    type: "Microsoft.BusinessAppPlatform/scopes/environments",
    location: "unitedstates",
    name: info.name,
    properties: {
      tenantId,
      azureRegion: "westus",
      displayName: info.displayName,
      description: "",
      createdTime: info.createdTime,
      createdBy: { id: "SYSTEM", displayName: "SYSTEM", type: "NotSpecified" },
      provisioningState: "Succeeded",
      creationType: info.isDefault ? "DefaultTenant" : "User",
      environmentSku: info.type,
      isDefault: info.isDefault,
      clientUris: {
        admin: `https://admin.powerplatform.microsoft.com/environments/environment/${info.name}/hub`,
        maker: `https://make.powerapps.com/environments/${info.name}/home`,
      },
      runtimeEndpoints: {
        "microsoft.BusinessAppPlatform": "https://unitedstates.api.bap.microsoft.com",
        "microsoft.CommonDataModel": "https://unitedstates.api.cds.microsoft.com",
        "microsoft.PowerApps": "https://unitedstates.api.powerapps.com",
        "microsoft.Flow": "https://unitedstates.api.flow.microsoft.com",
      },
      databaseType: "CommonDataService",
      linkedEnvironmentMetadata: {
        resourceId: info.organizationId,
        friendlyName: info.displayName,
        uniqueName: info.uniqueName,
        domainName: info.domainName,
        version: DATAVERSE_VERSION,
        // BAP writes instanceUrl with a trailing slash and instanceApiUrl without one.
        instanceUrl: `${info.url}/`,
        instanceApiUrl: info.url,
        baseLanguage: 1033,
        instanceState: "Ready",
        createdTime: info.createdTime,
        platformSku: "Standard",
      },
      states: { management: { id: "Ready" }, runtime: { id: "Enabled" } },
      updateCadence: { id: "Frequent" },
      retentionPeriod: "P7D",
    },
  };
}

/** An environment as the Power Platform API (environmentmanagement) returns it: flat EnvironmentResponse. */
export function environmentResponseJson(e: DataverseEnvironment, tenantId: string): Record<string, unknown> {
  const { info } = e;
  return {
    id: info.name,
    tenantId,
    type: info.type,
    geo: "unitedstates",
    azureRegion: "westus",
    displayName: info.displayName,
    url: `${info.url}/`,
    domainName: info.domainName,
    dataverseId: info.organizationId,
    version: DATAVERSE_VERSION,
    state: "Enabled",
    adminMode: "Disabled",
    backgroundOperationsState: "Enabled",
    protectionLevel: "Standard",
    securityGroupId: null,
    environmentGroupId: null,
    createdDateTime: info.createdTime,
    createdBy: { id: "SYSTEM", type: "NotSpecified" },
  };
}

/** The EnvironmentResponse properties the emulator returns (what $select may name). */
export const ENVIRONMENT_RESPONSE_PROPERTIES = [
  "id",
  "tenantId",
  "type",
  "geo",
  "azureRegion",
  "displayName",
  "url",
  "domainName",
  "dataverseId",
  "version",
  "state",
  "adminMode",
  "backgroundOperationsState",
  "protectionLevel",
  "securityGroupId",
  "environmentGroupId",
  "createdDateTime",
  "createdBy",
];
