import type { DirectoryState } from "../directory/directory-state.js";
import type { WorkspaceRole } from "../workspaces/workspace-types.js";

/**
 * A workspace member as Groups - Get Group Users (and the scanner's `users`) describe it: users
 * by UPN, service principals ("App") and groups by object id.
 */
export function groupUserJson(
  directory: DirectoryState,
  principalId: string,
  role: WorkspaceRole,
): Record<string, unknown> {
  const user = directory.getUser(principalId);
  if (user) {
    return {
      emailAddress: user.mail ?? user.upn,
      groupUserAccessRight: role,
      displayName: user.displayName,
      identifier: user.upn,
      graphId: user.oid,
      principalType: "User",
      userType: "Member",
    };
  }
  const sp = directory.getServicePrincipal(principalId);
  if (sp) {
    return {
      groupUserAccessRight: role,
      displayName: sp.displayName,
      identifier: sp.objectId,
      graphId: sp.objectId,
      principalType: "App",
    };
  }
  return {
    groupUserAccessRight: role,
    displayName: principalId,
    identifier: principalId,
    graphId: principalId,
    principalType: "Group",
  };
}
