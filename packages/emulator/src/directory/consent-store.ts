import type { AppRoleAssignment, DelegatedPermissionGrant } from "./directory-types.js";

/** Admin and user consent, keyed by service principal object ids as in Entra. */
export class ConsentStore {
  readonly appRoleAssignments: AppRoleAssignment[] = [];
  readonly delegatedGrants: DelegatedPermissionGrant[] = [];

  grantAppRoles(principalId: string, resourceId: string, roles: string[]): void {
    for (const appRole of roles) {
      const exists = this.appRoleAssignments.some(
        (a) => a.principalId === principalId && a.resourceId === resourceId && a.appRole === appRole,
      );
      if (!exists) this.appRoleAssignments.push({ principalId, resourceId, appRole });
    }
  }

  /** Removes the given roles, or all roles on the resource when none are given. */
  revokeAppRoles(principalId: string, resourceId: string, roles?: string[]): void {
    removeWhere(
      this.appRoleAssignments,
      (a) =>
        a.principalId === principalId && a.resourceId === resourceId && (!roles || roles.includes(a.appRole)),
    );
  }

  appRolesOf(principalId: string, resourceId: string): string[] {
    return this.appRoleAssignments
      .filter((a) => a.principalId === principalId && a.resourceId === resourceId)
      .map((a) => a.appRole);
  }

  grantDelegated(clientId: string, resourceId: string, scopes: string[], principalId?: string): void {
    const consentType = principalId ? "Principal" : "AllPrincipals";
    let grant = this.delegatedGrants.find(
      (g) =>
        g.clientId === clientId &&
        g.resourceId === resourceId &&
        g.consentType === consentType &&
        g.principalId === principalId,
    );
    if (!grant) {
      grant = { clientId, resourceId, consentType, scopes: [], ...(principalId ? { principalId } : {}) };
      this.delegatedGrants.push(grant);
    }
    for (const scope of scopes) if (!grant.scopes.includes(scope)) grant.scopes.push(scope);
  }

  /** Removes the given scopes (or whole grants when none are given) for every consent type. */
  revokeDelegated(clientId: string, resourceId: string, scopes?: string[]): void {
    for (const grant of this.delegatedGrants) {
      if (grant.clientId !== clientId || grant.resourceId !== resourceId) continue;
      grant.scopes = scopes ? grant.scopes.filter((s) => !scopes.includes(s)) : [];
    }
    removeWhere(this.delegatedGrants, (g) => g.scopes.length === 0);
  }

  /** Scopes consented for everyone plus those consented by this user. */
  delegatedScopesOf(clientId: string, resourceId: string, userOid: string): string[] {
    const scopes = new Set<string>();
    for (const g of this.delegatedGrants) {
      if (g.clientId !== clientId || g.resourceId !== resourceId) continue;
      if (g.consentType === "AllPrincipals" || g.principalId === userOid)
        for (const s of g.scopes) scopes.add(s);
    }
    return [...scopes];
  }

  hasAnyDelegatedGrant(clientId: string, resourceId: string, userOid: string): boolean {
    return this.delegatedScopesOf(clientId, resourceId, userOid).length > 0;
  }

  /** Forgets everything granted to one client (all resources, both kinds). */
  revokeAllFor(clientSpObjectId: string): void {
    removeWhere(this.appRoleAssignments, (a) => a.principalId === clientSpObjectId);
    removeWhere(this.delegatedGrants, (g) => g.clientId === clientSpObjectId);
  }
}

function removeWhere<T>(items: T[], predicate: (item: T) => boolean): void {
  for (let i = items.length - 1; i >= 0; i -= 1) {
    if (predicate(items[i] as T)) items.splice(i, 1);
  }
}
