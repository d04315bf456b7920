import { EmulatorClock } from "../clock.js";
import { newGuid } from "../ids.js";
import { keyCredentialFrom, passwordCredentialFrom } from "./app-credentials.js";
import { ConsentStore } from "./consent-store.js";
import type {
  AppRegistration,
  DirectoryUser,
  KeyCredential,
  PasswordCredential,
  RequiredResourceAccess,
  ServicePrincipal,
  TenantInfo,
} from "./directory-types.js";
import { RESOURCE_PRINCIPALS } from "./resource-principals.js";

export interface DirectoryOptions {
  tenantId?: string;
  displayName?: string;
  defaultDomain?: string;
  clock?: EmulatorClock;
}

export interface AddApplicationInput {
  displayName: string;
  clientId?: string;
  objectId?: string;
  /** Object id of the service principal created with the app. */
  servicePrincipalObjectId?: string;
  publicClientRedirectUris?: string[];
  isFallbackPublicClient?: boolean;
  requiredResourceAccess?: RequiredResourceAccess[];
}

/** Tunables that change how strictly the emulated token service behaves. */
export interface DirectorySettings {
  /**
   * Reject a client assertion whose jti was already used. Off by default because Entra
   * accepts reuse within the assertion's lifetime and MSAL relies on it: one
   * ConfidentialClientApplication signs one assertion and reuses it for ~10 minutes.
   */
  rejectAssertionReplay: boolean;
  /** Allowed clock difference when checking assertion nbf/exp (Entra allows 5 minutes). */
  clockToleranceSeconds: number;
}

/** The emulated tenant's directory: apps, service principals, users and consent. */
export class DirectoryState {
  readonly tenant: TenantInfo;
  readonly clock: EmulatorClock;
  readonly consent = new ConsentStore();
  readonly settings: DirectorySettings = { rejectAssertionReplay: false, clockToleranceSeconds: 300 };
  private readonly apps = new Map<string, AppRegistration>();
  private readonly principals = new Map<string, ServicePrincipal>();
  private readonly users = new Map<string, DirectoryUser>();
  private defaultUserOid: string | undefined;

  constructor(opts: DirectoryOptions = {}) {
    this.tenant = {
      tenantId: opts.tenantId ?? newGuid(),
      displayName: opts.displayName ?? "Contoso (emulated)",
      defaultDomain: opts.defaultDomain ?? "contoso.test",
    };
    this.clock = opts.clock ?? new EmulatorClock();
    for (const seed of RESOURCE_PRINCIPALS) this.addServicePrincipal(seed);
  }

  /** True for the tenant id or its domain (what may appear in an authority URL path). */
  matchesTenant(tenant: string): boolean {
    const t = tenant.toLowerCase();
    return t === this.tenant.tenantId || t === this.tenant.defaultDomain.toLowerCase();
  }

  setClockSkew(seconds: number): void {
    this.clock.skewSeconds = seconds;
  }

  // ---- applications -------------------------------------------------------

  addApplication(input: AddApplicationInput): AppRegistration {
    const app: AppRegistration = {
      clientId: (input.clientId ?? newGuid()).toLowerCase(),
      objectId: input.objectId ?? newGuid(),
      displayName: input.displayName,
      keyCredentials: [],
      passwordCredentials: [],
      requiredResourceAccess: input.requiredResourceAccess ?? [],
      publicClientRedirectUris: [...(input.publicClientRedirectUris ?? [])],
      isFallbackPublicClient: input.isFallbackPublicClient ?? false,
    };
    if (this.apps.has(app.clientId))
      throw new Error(`directory: an app with appId ${app.clientId} already exists.`);
    this.apps.set(app.clientId, app);
    this.addServicePrincipal({
      appId: app.clientId,
      displayName: app.displayName,
      identifierUris: [],
      identifierUriPatterns: [],
      appRoles: [],
      oauth2PermissionScopes: [],
      requiresConsent: true,
      ...(input.servicePrincipalObjectId ? { objectId: input.servicePrincipalObjectId } : {}),
    });
    return app;
  }

  getApplication(clientId: string): AppRegistration | undefined {
    return this.apps.get(clientId.toLowerCase());
  }

  listApplications(): AppRegistration[] {
    return [...this.apps.values()];
  }

  /** Deletes the app registration and its service principal (and the SP's consent). */
  removeApplication(clientId: string): void {
    const sp = this.servicePrincipalOf(clientId);
    if (sp) {
      this.consent.revokeAllFor(sp.objectId);
      this.principals.delete(sp.objectId);
    }
    this.apps.delete(clientId);
  }

  addKeyCredential(
    clientId: string,
    certificate: { certificatePem: string },
    opts: { displayName?: string; keyId?: string } = {},
  ): KeyCredential {
    const app = this.requireApp(clientId);
    const credential = keyCredentialFrom(certificate.certificatePem, opts);
    app.keyCredentials.push(credential);
    return credential;
  }

  /** Removes a certificate credential by keyId or by SHA-1/SHA-256 thumbprint (hex, any case). */
  removeKeyCredential(clientId: string, keyIdOrThumbprint: string): void {
    const app = this.requireApp(clientId);
    const id = keyIdOrThumbprint.toUpperCase();
    const before = app.keyCredentials.length;
    app.keyCredentials = app.keyCredentials.filter(
      (k) => k.keyId.toUpperCase() !== id && k.thumbprintSha1Hex !== id && k.thumbprintSha256Hex !== id,
    );
    if (app.keyCredentials.length === before) {
      throw new Error(`directory: app ${clientId} has no key credential ${keyIdOrThumbprint}.`);
    }
  }

  addPasswordCredential(
    clientId: string,
    opts: { secret?: string; displayName?: string; endDateTime?: Date } = {},
  ): PasswordCredential {
    const app = this.requireApp(clientId);
    const credential = passwordCredentialFrom(this.clock.now(), opts);
    app.passwordCredentials.push(credential);
    return credential;
  }

  removePasswordCredential(clientId: string, keyId: string): void {
    const app = this.requireApp(clientId);
    app.passwordCredentials = app.passwordCredentials.filter((p) => p.keyId !== keyId);
  }

  addRedirectUri(clientId: string, uri: string): void {
    const app = this.requireApp(clientId);
    if (!app.publicClientRedirectUris.includes(uri)) app.publicClientRedirectUris.push(uri);
  }

  removeRedirectUri(clientId: string, uri: string): void {
    const app = this.requireApp(clientId);
    app.publicClientRedirectUris = app.publicClientRedirectUris.filter((u) => u !== uri);
  }

  setFallbackPublicClient(clientId: string, enabled: boolean): void {
    this.requireApp(clientId).isFallbackPublicClient = enabled;
  }

  // ---- service principals -------------------------------------------------

  addServicePrincipal(input: Omit<ServicePrincipal, "objectId"> & { objectId?: string }): ServicePrincipal {
    const sp: ServicePrincipal = { ...input, objectId: input.objectId ?? newGuid() };
    this.principals.set(sp.objectId, sp);
    return sp;
  }

  getServicePrincipal(objectId: string): ServicePrincipal | undefined {
    return this.principals.get(objectId);
  }

  servicePrincipalOf(appId: string): ServicePrincipal | undefined {
    const id = appId.toLowerCase();
    return [...this.principals.values()].find((sp) => sp.appId === id);
  }

  listServicePrincipals(): ServicePrincipal[] {
    return [...this.principals.values()];
  }

  /** Resolves a resource by audience URI or app id; `audience` is what tokens for it carry. */
  findResource(resource: string): { sp: ServicePrincipal; audience: string } | undefined {
    const wanted = resource.replace(/\/+$/, "");
    const lower = wanted.toLowerCase();
    for (const sp of this.principals.values()) {
      const primary = sp.identifierUris[0];
      if (sp.appId === lower) return primary ? { sp, audience: primary } : { sp, audience: sp.appId };
      const uri = sp.identifierUris.find((u) => u.toLowerCase() === lower);
      if (uri) return { sp, audience: uri };
      if (sp.identifierUriPatterns.some((p) => p.test(wanted))) return { sp, audience: wanted };
    }
    return undefined;
  }

  /** Adds an audience to a resource, e.g. the URL of an emulated Dataverse environment. */
  addResourceAudience(resourceAppId: string, uri: string): void {
    const sp = this.requireServicePrincipal(resourceAppId);
    const clean = uri.replace(/\/+$/, "");
    if (!sp.identifierUris.includes(clean)) sp.identifierUris.push(clean);
  }

  // ---- users --------------------------------------------------------------

  addUser(input: Omit<DirectoryUser, "oid"> & { oid?: string }): DirectoryUser {
    const user: DirectoryUser = {
      ...input,
      oid: input.oid ?? newGuid(),
      createdDateTime:
        input.createdDateTime ??
        this.clock
          .now()
          .toISOString()
          .replace(/\.\d{3}Z$/, "Z"),
    };
    this.users.set(user.oid, user);
    this.defaultUserOid ??= user.oid;
    return user;
  }

  getUser(oid: string): DirectoryUser | undefined {
    return this.users.get(oid);
  }

  /** Finds a user by object id or userPrincipalName (case-insensitive). */
  findUser(oidOrUpn: string): DirectoryUser | undefined {
    const wanted = oidOrUpn.toLowerCase();
    return this.users.get(wanted) ?? [...this.users.values()].find((u) => u.upn.toLowerCase() === wanted);
  }

  listUsers(): DirectoryUser[] {
    return [...this.users.values()];
  }

  /** The user the authorize and device login pages sign in when no login_hint names another. */
  defaultUser(): DirectoryUser | undefined {
    return this.defaultUserOid ? this.users.get(this.defaultUserOid) : undefined;
  }

  setDefaultUser(oidOrUpn: string): void {
    const user = this.findUser(oidOrUpn);
    if (!user) throw new Error(`directory: no user ${oidOrUpn}.`);
    this.defaultUserOid = user.oid;
  }

  // ---- consent (by app ids; stored by service principal ids as in Entra) ---

  /** Admin-consents application permissions of `resourceAppId` to the client app. */
  grantAppRoles(clientId: string, resourceAppId: string, roles: string[]): void {
    const resource = this.requireServicePrincipal(resourceAppId);
    const unknown = roles.filter((r) => !resource.appRoles.includes(r));
    if (unknown.length)
      throw new Error(`directory: ${resource.displayName} defines no app role ${unknown.join(", ")}.`);
    this.consent.grantAppRoles(this.requireServicePrincipal(clientId).objectId, resource.objectId, roles);
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
    const unknown = scopes.filter((s) => !resource.oauth2PermissionScopes.includes(s));
    if (unknown.length)
      throw new Error(`directory: ${resource.displayName} defines no scope ${unknown.join(", ")}.`);
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

  requireApp(clientId: string): AppRegistration {
    const app = this.getApplication(clientId);
    if (!app) throw new Error(`directory: no application with appId ${clientId}.`);
    return app;
  }

  requireServicePrincipal(appId: string): ServicePrincipal {
    const sp = this.servicePrincipalOf(appId);
    if (!sp) throw new Error(`directory: no service principal for appId ${appId}.`);
    return sp;
  }
}
