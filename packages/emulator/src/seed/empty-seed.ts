import type { DirectoryState } from "../directory/directory-state.js";
import type { KeyVaultState } from "../keyvault/key-vault-state.js";
import { addSecretLogin, seedAdmin } from "./admin-seed.js";
import { seedMcpClient, testUserOf } from "./hosted-identity-seed.js";
import { seedIdentityUsers } from "./identity-users.js";
import { applySampleData, type SampleDataTargets } from "./sample-data-seed.js";
import type { EmptyTenant } from "./seeded-tenant.js";

/**
 * A tenant where nothing has been provisioned: the first-party resource principals, an
 * empty RBAC vault, the sample data (users, groups, mail, workspaces, Dataverse rows), an
 * administrator who may set everything up, and a teammate with no access yet. The admin is
 * Admin of every workspace, System Administrator in every environment and a registered
 * Power Platform management app, so provisioning can grant the app access to all of them.
 */
export function applyEmptySeed(targets: SampleDataTargets, vault: KeyVaultState): EmptyTenant {
  const { directory, workspaces } = targets;
  const { adele, megan } = seedIdentityUsers(directory);
  const admin = seedAdmin(directory, vault);
  const teammate = seedTeammate(directory, vault);
  applySampleData(targets, {
    clientId: admin.clientId,
    appUserName: "tenant admin (Azure login)",
    spObjectId: admin.objectId,
    userOid: adele.oid,
  });
  for (const workspace of workspaces.listWorkspaces())
    workspaces.setRole(workspace.id, admin.objectId, "Admin");
  return {
    tenantId: directory.tenant.tenantId,
    admin,
    teammate,
    subscriptionId: vault.subscriptionId,
    vaultResourceId: vault.armResourceId,
    // Nothing is provisioned: the client exists, but no API pre-authorizes it yet.
    mcpClientId: seedMcpClient(directory),
    testUsers: [testUserOf(adele), testUserOf(megan)],
  };
}

/**
 * The teammate: a user (for `--user <upn>` and add-teammate) and the client secret that
 * stands in for that user's own `az login`, linked so a vault role assigned to the user
 * applies to the secret's tokens. Neither has any role yet.
 */
function seedTeammate(directory: DirectoryState, vault: KeyVaultState): EmptyTenant["teammate"] {
  const domain = directory.tenant.defaultDomain;
  const user = directory.addUser({
    upn: `teammate@${domain}`,
    displayName: "Terry Teammate",
    givenName: "Terry",
    surname: "Teammate",
    jobTitle: "Developer",
    mail: `teammate@${domain}`,
  });
  const login = addSecretLogin(directory, "teammate (developer login)");
  vault.roleAssignments.linkLogin(login.objectId, user.oid);
  return { ...login, user: { oid: user.oid, upn: user.upn } };
}
