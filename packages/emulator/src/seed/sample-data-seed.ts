import type { DirectoryState } from "../directory/directory-state.js";
import type { GraphState } from "../graph/graph-state.js";
import type { PowerPlatformState } from "../power-platform/power-platform-state.js";
import type { WorkspaceState } from "../workspaces/workspace-state.js";
import { seedContosoEnvironment, seedSalesEnvironment } from "./dataverse-seed.js";
import { seedGraphData } from "./graph-seed.js";
import type { DefaultTenant } from "./seeded-tenant.js";
import { seedWorkspaces } from "./workspace-seed.js";

export interface SampleDataTargets {
  directory: DirectoryState;
  graph: GraphState;
  workspaces: WorkspaceState;
  powerPlatform: PowerPlatformState;
}

/**
 * The resource APIs' sample data for the default seed, wired to the seeded app the way an
 * admin would: workspace roles for its service principal, an application user in every
 * Dataverse environment, and registration as a Power Platform management application.
 */
export function applySampleData(targets: SampleDataTargets, tenant: DefaultTenant): void {
  const { directory, graph, workspaces, powerPlatform } = targets;
  seedGraphData(directory, graph, { clientId: tenant.clientId });
  const megan = directory.findUser(`megan@${directory.tenant.defaultDomain}`);
  const adele = directory.getUser(tenant.user.oid);
  if (!megan || !adele) throw new Error("sample data: the identity seed's users are missing.");
  seedWorkspaces(workspaces, {
    spObjectId: tenant.spObjectId,
    userOid: adele.oid,
    otherUserOid: megan.oid,
    userUpn: adele.upn,
  });
  const [contoso, sales] = powerPlatform.environments;
  const people = { clientId: tenant.clientId, users: [adele, megan] };
  if (contoso) seedContosoEnvironment(contoso, people);
  if (sales) seedSalesEnvironment(sales, people);
  powerPlatform.registerManagementApp(tenant.clientId);
}
