import { preAuthorizedScopes } from "../directory/app-api.js";
import type { DirectoryState } from "../directory/directory-state.js";
import type { AppRegistration, DirectoryUser, ServicePrincipal } from "../directory/directory-types.js";
import { aad } from "./aad-errors.js";
import type { ResourceScope } from "./scopes.js";

/** The one resource a token request targets, and the permissions asked of it. */
export interface ResolvedResource {
  sp: ServicePrincipal;
  /** What the token's aud will be. */
  audience: string;
  /** 1: v1.0 token (first-party APIs); 2: v2.0 token (an API that asked for them). */
  tokenVersion: 1 | 2;
  scopes: ResourceScope[];
}

/** Groups requested scopes by resource; unknown resources give AADSTS500011. */
export function resolveResources(directory: DirectoryState, scopes: ResourceScope[]): ResolvedResource[] {
  const byResource = new Map<string, ResolvedResource>();
  for (const scope of scopes) {
    const found = directory.findResource(scope.resource);
    if (!found) throw aad.resourceNotFound(scope.resource, directory.tenant.defaultDomain);
    const entry = byResource.get(found.sp.objectId) ?? { ...found, scopes: [] };
    entry.scopes.push(scope);
    byResource.set(found.sp.objectId, entry);
  }
  return [...byResource.values()];
}

/** A token is for exactly one resource: more than one gives AADSTS28000. */
export function resolveSingleResource(
  directory: DirectoryState,
  scopes: ResourceScope[],
  scopeParam: string,
): ResolvedResource | undefined {
  const resources = resolveResources(directory, scopes);
  if (resources.length > 1) throw aad.multipleResources(scopeParam);
  return resources[0];
}

/**
 * The delegated permissions a user token for `resource` may carry: every requested
 * permission must exist (AADSTS70011) and be consented (AADSTS65001); ".default"
 * means "whatever is consented". A client the API pre-authorized needs no consent for
 * those scopes (api.preAuthorizedApplications).
 */
export function consentedDelegatedScopes(
  directory: DirectoryState,
  app: AppRegistration,
  user: DirectoryUser,
  resource: ResolvedResource,
): string[] {
  // No service principal yet (an app created through Graph): nothing can have been consented.
  const clientSp = directory.servicePrincipalOf(app.clientId);
  if (!clientSp) throw aad.consentRequired(app.clientId, app.displayName);
  // A disabled scope (isEnabled false, the step before deleting it) is as good as gone.
  const defined = resource.sp.oauth2PermissionScopes.filter((s) => s.isEnabled).map((s) => s.value);
  // A grant may name scopes the resource does not define (Graph accepts any string); tokens never carry them.
  const resourceApp = directory.getApplication(resource.sp.appId);
  const preAuthorized = resourceApp ? preAuthorizedScopes(resourceApp, app.clientId) : [];
  const consented = [
    ...new Set([
      ...directory.consent.delegatedScopesOf(clientSp.objectId, resource.sp.objectId, user.oid),
      ...preAuthorized,
    ]),
  ].filter((s) => defined.includes(s));
  const granted = resource.sp.requiresConsent ? consented : defined;
  const result = new Set<string>();
  for (const scope of resource.scopes) {
    if (scope.permission === ".default") {
      if (granted.length === 0) throw aad.consentRequired(app.clientId, app.displayName);
      for (const s of granted) result.add(s);
      continue;
    }
    const name = defined.find((s) => s.toLowerCase() === scope.permission.toLowerCase());
    if (!name) throw aad.invalidScope(scope.raw);
    if (!granted.includes(name)) throw aad.consentRequired(app.clientId, app.displayName);
    result.add(name);
  }
  return [...result];
}
