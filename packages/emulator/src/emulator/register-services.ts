import { registerArmRoutes } from "../arm/arm-routes.js";
import { CanaryLog, registerCanaryRoutes } from "../canary/canary-routes.js";
import { DataverseEnvironment } from "../dataverse/dataverse-environment.js";
import { registerDataverseRoutes } from "../dataverse/dataverse-routes.js";
import type { DirectoryState } from "../directory/directory-state.js";
import { RESOURCE_APP_IDS } from "../directory/resource-principals.js";
import type { AccessTokenVerifier } from "../entra/access-token-verifier.js";
import { registerFabricRoutes } from "../fabric/fabric-routes.js";
import { registerGraphRoutes } from "../graph/graph-routes.js";
import { GraphState } from "../graph/graph-state.js";
import type { EmulatorOrigin } from "../http/origin-server.js";
import type { KeyVaultState } from "../keyvault/key-vault-state.js";
import { registerPowerPlatformRoutes } from "../power-platform/power-platform-routes.js";
import { PowerPlatformState } from "../power-platform/power-platform-state.js";
import { registerEmbedPageRoutes } from "../powerbi/embed-page/embed-page-routes.js";
import { POWER_BI_APP_HOST } from "../powerbi/embed-page/power-bi-app-host.js";
import { EmbedTokenStore } from "../powerbi/embed-token-store.js";
import { registerPowerBiAdminRoutes } from "../powerbi/powerbi-admin-routes.js";
import { registerPowerBiRoutes } from "../powerbi/powerbi-routes.js";
import { SAMPLE } from "../seed/sample-ids.js";
import { WorkspaceState } from "../workspaces/workspace-state.js";

/** The resource API origins registerResourceServices wires up. */
export interface ResourceOrigins {
  login: EmulatorOrigin;
  graph: EmulatorOrigin;
  powerbi: EmulatorOrigin;
  powerbiapp: EmulatorOrigin;
  fabric: EmulatorOrigin;
  powerplatform: EmulatorOrigin;
  dataverse: EmulatorOrigin;
  dataverse2: EmulatorOrigin;
  arm: EmulatorOrigin;
  canary: EmulatorOrigin;
}

/** State behind the resource APIs, which tests may inspect and change. */
export interface ResourceServices {
  graph: GraphState;
  workspaces: WorkspaceState;
  /** Embed tokens GenerateToken issued and the embed page checks. */
  embedTokens: EmbedTokenStore;
  /** https://app.powerbi.com:<powerbiapp port>: reports' webUrl and embedUrl. */
  powerBiAppUrl: string;
  powerPlatform: PowerPlatformState;
  canary: CanaryLog;
}

/**
 * Registers Graph, Power BI, Fabric, Power Platform admin, both Dataverse environments, ARM
 * and the canary on their origins. The environments exist in every seed (they are the
 * tenant's infrastructure); each one's URL becomes a Dataverse token audience, as every real
 * environment URL is.
 */
export function registerResourceServices(
  origins: ResourceOrigins,
  directory: DirectoryState,
  vault: KeyVaultState,
  verifyAccessToken: AccessTokenVerifier,
): ResourceServices {
  const auth = { verifyAccessToken, nowMs: () => directory.clock.nowMs() };
  const tenantId = directory.tenant.tenantId;

  const graph = new GraphState();
  registerGraphRoutes(origins.graph.app, { ...auth, directory, graph, graphUrl: origins.graph.url });

  const workspaces = new WorkspaceState();
  const embedTokens = new EmbedTokenStore(auth.nowMs);
  const powerBiAppUrl = `https://${POWER_BI_APP_HOST}:${origins.powerbiapp.port}`;
  registerPowerBiRoutes(origins.powerbi.app, {
    ...auth,
    workspaces,
    directory,
    powerBiUrl: origins.powerbi.url,
    powerBiAppUrl,
    embedTokens,
  });
  registerPowerBiAdminRoutes(origins.powerbi.app, embedTokens);
  registerEmbedPageRoutes(origins.powerbiapp.app, { embedTokens, workspaces, nowMs: auth.nowMs });
  registerFabricRoutes(origins.fabric.app, { ...auth, workspaces, directory, fabricUrl: origins.fabric.url });

  const { contoso, contosoSales } = SAMPLE.environments;
  const createdTime = new Date(Date.now() - 400 * 86_400_000).toISOString();
  const environments = [
    new DataverseEnvironment({
      ...contoso,
      url: origins.dataverse.url,
      type: "Production",
      isDefault: true,
      createdTime,
    }),
    new DataverseEnvironment({
      ...contosoSales,
      url: origins.dataverse2.url,
      type: "Sandbox",
      isDefault: false,
      createdTime,
    }),
  ];
  const dataverseOrigins = [origins.dataverse, origins.dataverse2];
  environments.forEach((environment, i) => {
    directory.addResourceAudience(RESOURCE_APP_IDS.dataverse, environment.info.url);
    const origin = dataverseOrigins[i] as EmulatorOrigin;
    registerDataverseRoutes(
      origin.app,
      {
        ...auth,
        loginUrl: origins.login.url,
        tenantId,
        servicePrincipalExists: (appId) => directory.servicePrincipalOf(appId) !== undefined,
      },
      environment,
    );
  });

  const powerPlatform = new PowerPlatformState(environments);
  registerPowerPlatformRoutes(origins.powerplatform.app, {
    ...auth,
    powerPlatform,
    tenantId,
    powerPlatformUrl: origins.powerplatform.url,
  });

  registerArmRoutes(origins.arm.app, {
    ...auth,
    armUrl: origins.arm.url,
    loginUrl: origins.login.url,
    tenantId,
    subscriptionDisplayName: "Contoso (emulated) subscription",
    vault,
    roleAssignments: vault.roleAssignments,
    directory,
  });

  const canary = new CanaryLog();
  registerCanaryRoutes(origins.canary.app, canary);
  return { graph, workspaces, embedTokens, powerBiAppUrl, powerPlatform, canary };
}
