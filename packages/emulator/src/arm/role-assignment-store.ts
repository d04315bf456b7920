import { roleDefinitionById, roleGrants } from "./role-definitions.js";

export type PrincipalType = "User" | "Group" | "ServicePrincipal" | "ForeignGroup" | "Device";

/** One Azure RBAC role assignment. */
export interface RoleAssignment {
  /** The assignment's GUID (the last segment of its id). */
  name: string;
  /** The ARM scope, as it was written (subscription, resource group or resource id). */
  scope: string;
  roleDefinitionId: string;
  principalId: string;
  principalType: PrincipalType;
  createdOn: Date;
  updatedOn: Date;
  /** Object id of whoever created it; null for assignments the seed made. */
  createdBy: string | null;
}

const lower = (s: string) => s.toLowerCase().replace(/\/+$/, "");

/** True when `scope` is `target` or one of its ancestors (ARM scopes inherit downwards). */
export function scopeCovers(scope: string, target: string): boolean {
  const s = lower(scope);
  const t = lower(target);
  return s === t || t.startsWith(`${s}/`);
}

/**
 * Every role assignment in the tenant: the one source of truth behind ARM's roleAssignments
 * API and Key Vault's RBAC checks, so a PUT through ARM grants vault access on the next call.
 */
export class RoleAssignmentStore {
  private readonly assignments: RoleAssignment[] = [];
  // principal → principals whose assignments it also holds (see linkLogin).
  private readonly logins = new Map<string, Set<string>>();
  /** Looks up a principal's type when a caller does not say (start-emulator wires the directory). */
  resolvePrincipalType: (principalId: string) => PrincipalType | undefined = () => undefined;

  add(input: Omit<RoleAssignment, "createdOn" | "updatedOn" | "createdBy"> & { createdBy?: string | null }) {
    const now = new Date();
    const assignment: RoleAssignment = {
      ...input,
      name: input.name.toLowerCase(),
      principalId: input.principalId.toLowerCase(),
      roleDefinitionId: input.roleDefinitionId.toLowerCase(),
      createdOn: now,
      updatedOn: now,
      createdBy: input.createdBy ?? null,
    };
    this.assignments.push(assignment);
    return assignment;
  }

  get(name: string): RoleAssignment | undefined {
    return this.assignments.find((a) => a.name === name.toLowerCase());
  }

  remove(name: string): RoleAssignment | undefined {
    const index = this.assignments.findIndex((a) => a.name === name.toLowerCase());
    if (index < 0) return undefined;
    return this.assignments.splice(index, 1)[0];
  }

  list(): RoleAssignment[] {
    return [...this.assignments];
  }

  /** The assignment with the same principal, role and scope, if any (RoleAssignmentExists). */
  findSame(principalId: string, roleDefinitionId: string, scope: string): RoleAssignment | undefined {
    return this.assignments.find(
      (a) =>
        a.principalId === principalId.toLowerCase() &&
        a.roleDefinitionId === roleDefinitionId.toLowerCase() &&
        lower(a.scope) === lower(scope),
    );
  }

  /**
   * Lets `principalId` act with the assignments of `asPrincipalId` too. The emulator's stand-in
   * for a developer's own login: the teammate's service principal carries the role that
   * `add-teammate teammate@...` gives the teammate user, as that user's `az login` would.
   */
  linkLogin(principalId: string, asPrincipalId: string): void {
    const set = this.logins.get(principalId.toLowerCase()) ?? new Set<string>();
    set.add(asPrincipalId.toLowerCase());
    this.logins.set(principalId.toLowerCase(), set);
  }

  /** Assignments that apply to the principal at `scope` (made there or at an ancestor). */
  effective(principalId: string, scope: string): RoleAssignment[] {
    const ids = new Set([principalId.toLowerCase(), ...(this.logins.get(principalId.toLowerCase()) ?? [])]);
    return this.assignments.filter((a) => ids.has(a.principalId) && scopeCovers(a.scope, scope));
  }

  /** True when some effective assignment's role grants the action (or data action) at `scope`. */
  allows(principalId: string, scope: string, action: string, kind: "action" | "dataAction"): boolean {
    return this.effective(principalId, scope).some((a) => {
      const definition = roleDefinitionById(a.roleDefinitionId);
      return definition !== undefined && roleGrants(definition, action, kind);
    });
  }

  /** True when the principal holds any assignment at, above or below `scope` (ARM lists such subscriptions). */
  hasAnyWithin(principalId: string, scope: string): boolean {
    const ids = new Set([principalId.toLowerCase(), ...(this.logins.get(principalId.toLowerCase()) ?? [])]);
    return this.assignments.some(
      (a) => ids.has(a.principalId) && (scopeCovers(a.scope, scope) || scopeCovers(scope, a.scope)),
    );
  }
}
