import type { DirectoryState } from "../directory/directory-state.js";
import type { GraphState } from "../graph/graph-state.js";
import type { PowerPlatformState } from "../power-platform/power-platform-state.js";
import type { WorkspaceState } from "../workspaces/workspace-state.js";
import { seedContosoEnvironment, seedSalesEnvironment } from "./dataverse-seed.js";
import { seedGraphContent } from "./graph-content-seed.js";
import { seedGraphData } from "./graph-seed.js";
import { seedWorkspaces } from "./workspace-seed.js";

export interface SampleDataTargets {
  directory: DirectoryState;
  graph: GraphState;
  workspaces: WorkspaceState;
  powerPlatform: PowerPlatformState;
}

/** Who the sample data is wired to. */
export interface SampleDataPrincipals {
  /** The app that signs in (sign-in log), becomes an application user and a management app. */
  clientId: string;
  /** Its application user's full name in Dataverse. */
  appUserName: string;
  /** Its service principal: Admin of Sales Analytics, Contributor of Finance. */
  spObjectId: string;
  /** Adele Vance (added by the identity seed with Megan Bowen). */
  userOid: string;
}

/**
 * The resource APIs' sample data, wired to an app the way an admin would: workspace roles
 * for its service principal, an application user in every Dataverse environment, and
 * registration as a Power Platform management application.
 */
export function applySampleData(targets: SampleDataTargets, who: SampleDataPrincipals): void {
  const { directory, graph, workspaces, powerPlatform } = targets;
  seedGraphData(directory, graph, { clientId: who.clientId });
  seedGraphContent(directory, graph);
  const megan = directory.findUser(`megan@${directory.tenant.defaultDomain}`);
  const adele = directory.getUser(who.userOid);
  if (!megan || !adele) throw new Error("sample data: the identity seed's users are missing.");
  seedWorkspaces(workspaces, {
    spObjectId: who.spObjectId,
    userOid: adele.oid,
    otherUserOid: megan.oid,
    userUpn: adele.upn,
  });
  const [contoso, sales] = powerPlatform.environments;
  const people = { clientId: who.clientId, appUserName: who.appUserName, users: [adele, megan] };
  if (contoso) seedContosoEnvironment(contoso, people);
  if (sales) seedSalesEnvironment(sales, people);
  powerPlatform.registerManagementApp(who.clientId);
}
