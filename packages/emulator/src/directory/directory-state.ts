import { ConditionalAccess } from "./conditional-access.js";
import { ConsentStore } from "./consent-store.js";
import { DirectoryRegistry } from "./directory-registry.js";
import type {
  AppRoleDefinition,
  PermissionScopeDefinition,
  RequiredResourceAccess,
  ServicePrincipal,
} from "./directory-types.js";

export type { ExposeApiInput } from "./app-api.js";
export type {
  AddApplicationInput,
  DirectoryOptions,
  DirectorySettings,
  ResolvedAudience,
} from "./directory-registry.js";

/**
 * The emulated tenant's directory: apps, service principals, users and consent. Consent is
 * stored by object ids (ConsentStore, as Graph exposes it); these methods take app ids and
 * permission names, as seeds and tests think of them.
 */
export class DirectoryState extends DirectoryRegistry {
  readonly consent = new ConsentStore();
  /** MFA policies per user (the claims challenge path). */
  readonly conditionalAccess = new ConditionalAccess();

  /** Admin-consents application permissions of `resourceAppId` to the client app. */
  grantAppRoles(clientId: string, resourceAppId: string, roles: string[]): void {
    const resource = this.requireServicePrincipal(resourceAppId);
    const client = this.requireServicePrincipal(clientId);
    for (const role of definitionsByValue(resource.appRoles, roles, resource, "app role")) {
      this.consent.assignAppRole(client.objectId, resource.objectId, role, this.clock.now());
    }
  }

  revokeAppRoles(clientId: string, resourceAppId: string, roles?: string[]): void {
    const resource = this.requireServicePrincipal(resourceAppId);
    this.consent.revokeAppRoles(this.requireServicePrincipal(clientId).objectId, resource.objectId, roles);
  }

  /** Consents delegated scopes for all users (AllPrincipals) or, with userOid, for one user. */
  grantDelegated(
    clientId: string,
    resourceAppId: string,
    scopes: string[],
    opts: { userOid?: string } = {},
  ): void {
    const resource = this.requireServicePrincipal(resourceAppId);
    definitionsByValue(resource.oauth2PermissionScopes, scopes, resource, "scope");
    const client = this.requireServicePrincipal(clientId);
    this.consent.grantDelegated(client.objectId, resource.objectId, scopes, opts.userOid);
  }

  revokeDelegated(clientId: string, resourceAppId: string, scopes?: string[]): void {
    const resource = this.requireServicePrincipal(resourceAppId);
    this.consent.revokeDelegated(this.requireServicePrincipal(clientId).objectId, resource.objectId, scopes);
  }

  /** Revokes every app role and delegated grant the client app holds. */
  revokeConsent(clientId: string): void {
    this.consent.revokeAllFor(this.requireServicePrincipal(clientId).objectId);
  }

  /** requiredResourceAccess entries for permissions named by value (what seeds and tests write). */
  resourceAccessFor(resourceAppId: string, roles: string[], scopes: string[]): RequiredResourceAccess {
    const resource = this.requireServicePrincipal(resourceAppId);
    return {
      resourceAppId,
      resourceAccess: [
        ...definitionsByValue(resource.appRoles, roles, resource, "app role").map((r) => ({
          id: r.id,
          type: "Role" as const,
        })),
        ...definitionsByValue(resource.oauth2PermissionScopes, scopes, resource, "scope").map((s) => ({
          id: s.id,
          type: "Scope" as const,
        })),
      ],
    };
  }

  /** Deletes the app registration and its service principal, with everything consented to it. */
  override removeApplication(clientId: string): void {
    const sp = this.servicePrincipalOf(clientId);
    if (sp) this.consent.revokeAllFor(sp.objectId);
    super.removeApplication(clientId);
  }
}

function definitionsByValue<T extends AppRoleDefinition | PermissionScopeDefinition>(
  defined: T[],
  values: string[],
  resource: ServicePrincipal,
  what: string,
): T[] {
  const unknown = values.filter((v) => !defined.some((d) => d.value === v));
  if (unknown.length)
    throw new Error(`directory: ${resource.displayName} defines no ${what} ${unknown.join(", ")}.`);
  return values.map((v) => defined.find((d) => d.value === v) as T);
}
