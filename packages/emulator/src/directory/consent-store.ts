import { opaqueToken } from "../ids.js";
import type { AppRoleAssignment, AppRoleDefinition, DelegatedPermissionGrant } from "./directory-types.js";

// Graph keys app role assignments and permission grants with 43 base64url characters.
const newKey = () => opaqueToken(32);

/**
 * Admin and user consent, keyed by service principal object ids as in Entra. This is the one
 * consent store: Graph's appRoleAssignedTo and oauth2PermissionGrants read and write it, and
 * the token endpoint reads it for every token it issues.
 */
export class ConsentStore {
  readonly appRoleAssignments: AppRoleAssignment[] = [];
  readonly delegatedGrants: DelegatedPermissionGrant[] = [];

  /**
   * Assigns one app role; undefined when the principal already holds it (Graph answers that
   * with 400 "Permission being assigned already exists on the object").
   */
  assignAppRole(
    principalId: string,
    resourceId: string,
    role: AppRoleDefinition,
    now: Date,
  ): AppRoleAssignment | undefined {
    const exists = this.appRoleAssignments.some(
      (a) => a.principalId === principalId && a.resourceId === resourceId && a.appRoleId === role.id,
    );
    if (exists) return undefined;
    const assignment: AppRoleAssignment = {
      id: newKey(),
      principalId,
      resourceId,
      appRoleId: role.id,
      appRole: role.value,
      createdDateTime: now,
    };
    this.appRoleAssignments.push(assignment);
    return assignment;
  }

  /** Removes one assignment by its id; false when there is none. */
  removeAppRoleAssignment(id: string): boolean {
    return removeWhere(this.appRoleAssignments, (a) => a.id === id) > 0;
  }

  /** Removes the given roles (by value), or all roles on the resource when none are given. */
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

  /**
   * Creates a grant; undefined when one already exists for the same client, resource, consent
   * type and user (Graph: 400 "Permission entry already exists.").
   */
  createGrant(input: Omit<DelegatedPermissionGrant, "id">): DelegatedPermissionGrant | undefined {
    if (this.findGrant(input.clientId, input.resourceId, input.principalId)) return undefined;
    const grant: DelegatedPermissionGrant = { id: newKey(), ...input, scopes: unique(input.scopes) };
    this.delegatedGrants.push(grant);
    return grant;
  }

  getGrant(id: string): DelegatedPermissionGrant | undefined {
    return this.delegatedGrants.find((g) => g.id === id);
  }

  /** Replaces a grant's scopes (PATCH oauth2PermissionGrants/{id}). */
  setGrantScopes(id: string, scopes: string[]): boolean {
    const grant = this.getGrant(id);
    if (!grant) return false;
    grant.scopes = unique(scopes);
    return true;
  }

  deleteGrant(id: string): boolean {
    return removeWhere(this.delegatedGrants, (g) => g.id === id) > 0;
  }

  /** Adds scopes to the matching grant, creating it if needed (what consent prompts do). */
  grantDelegated(clientId: string, resourceId: string, scopes: string[], principalId?: string): void {
    const grant = this.findGrant(clientId, resourceId, principalId);
    if (grant) grant.scopes = unique([...grant.scopes, ...scopes]);
    else
      this.createGrant({
        clientId,
        resourceId,
        consentType: principalId ? "Principal" : "AllPrincipals",
        ...(principalId ? { principalId } : {}),
        scopes,
      });
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

  private findGrant(
    clientId: string,
    resourceId: string,
    principalId: string | undefined,
  ): DelegatedPermissionGrant | undefined {
    return this.delegatedGrants.find(
      (g) =>
        g.clientId === clientId &&
        g.resourceId === resourceId &&
        (g.principalId ?? undefined) === (principalId ?? undefined),
    );
  }
}

const unique = (scopes: string[]) => [...new Set(scopes.filter(Boolean))];

function removeWhere<T>(items: T[], predicate: (item: T) => boolean): number {
  let removed = 0;
  for (let i = items.length - 1; i >= 0; i -= 1) {
    if (predicate(items[i] as T)) {
      items.splice(i, 1);
      removed += 1;
    }
  }
  return removed;
}
