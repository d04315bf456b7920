import type { DirectoryRegistry } from "../directory/directory-registry.js";

/**
 * A Fabric Principal (common definitions: UserPrincipal / ServicePrincipalPrincipal) for an
 * object id: type, display name and the type's details, read from the directory.
 */
export function principalJson(directory: DirectoryRegistry, objectId: string): Record<string, unknown> {
  const sp = directory.getServicePrincipal(objectId);
  if (sp) {
    return {
      id: objectId,
      displayName: sp.displayName,
      type: "ServicePrincipal",
      servicePrincipalDetails: { aadAppId: sp.appId },
    };
  }
  const user = directory.getUser(objectId);
  return {
    id: objectId,
    ...(user ? { displayName: user.displayName } : {}),
    type: "User",
    ...(user ? { userDetails: { userPrincipalName: user.upn } } : {}),
  };
}
