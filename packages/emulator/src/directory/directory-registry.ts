import { EmulatorClock } from "../clock.js";
import { newGuid } from "../ids.js";
import { type ExposeApiInput, emptyApi, exposeApiOn } from "./app-api.js";
import { keyCredentialFrom, passwordCredentialFrom, removeKeyCredentialFrom } from "./app-credentials.js";
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
  uniqueName?: string;
  signInAudience?: string;
  /** Object id of the service principal created with the app. */
  servicePrincipalObjectId?: string;
  /** Create the app's service principal too (default true, as the portal does; Graph's POST does not). */
  withServicePrincipal?: boolean;
  publicClientRedirectUris?: string[];
  isFallbackPublicClient?: boolean;
  requiredResourceAccess?: RequiredResourceAccess[];
}

/** A resource a token may be for: its principal, the token's aud and the token version. */
export interface ResolvedAudience {
  sp: ServicePrincipal;
  audience: string;
  tokenVersion: 1 | 2;
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

/**
 * The directory's objects: app registrations, service principals and users. DirectoryState
 * adds consent on top; the split only keeps each file readable.
 */
export class DirectoryRegistry {
  readonly tenant: TenantInfo;
  readonly clock: EmulatorClock;
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
    // Copies, so that one emulator's Dataverse audiences never leak into another's.
    for (const seed of RESOURCE_PRINCIPALS) {
      this.addServicePrincipal({
        ...seed,
        identifierUris: [...seed.identifierUris],
        appRoles: seed.appRoles.map((r) => ({ ...r })),
        oauth2PermissionScopes: seed.oauth2PermissionScopes.map((s) => ({ ...s })),
      });
    }
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
      ...(input.uniqueName ? { uniqueName: input.uniqueName } : {}),
      signInAudience: input.signInAudience ?? "AzureADMyOrg",
      createdDateTime: this.clock.now(),
      keyCredentials: [],
      passwordCredentials: [],
      requiredResourceAccess: input.requiredResourceAccess ?? [],
      publicClientRedirectUris: [...(input.publicClientRedirectUris ?? [])],
      isFallbackPublicClient: input.isFallbackPublicClient ?? false,
      identifierUris: [],
      api: emptyApi(),
      appRoles: [],
    };
    if (this.apps.has(app.clientId))
      throw new Error(`directory: an app with appId ${app.clientId} already exists.`);
    this.apps.set(app.clientId, app);
    if (input.withServicePrincipal ?? true) {
      this.addApplicationServicePrincipal(app, input.servicePrincipalObjectId);
    }
    return app;
  }

  /**
   * The service principal of one of the tenant's own apps (POST /servicePrincipals {appId}). Its
   * identifier URIs, app roles and scopes are the app's own, read through, so that whatever
   * "Expose an API" or a Graph PATCH changes on the app the principal publishes at once.
   */
  addApplicationServicePrincipal(app: AppRegistration, objectId?: string): ServicePrincipal {
    const sp: ServicePrincipal = {
      objectId: objectId ?? newGuid(),
      appId: app.clientId,
      displayName: app.displayName,
      get identifierUris() {
        return app.identifierUris;
      },
      identifierUriPatterns: [],
      get appRoles() {
        return app.appRoles;
      },
      get oauth2PermissionScopes() {
        return app.api.oauth2PermissionScopes;
      },
      requiresConsent: true,
    };
    this.principals.set(sp.objectId, sp);
    return sp;
  }

  getApplication(clientId: string): AppRegistration | undefined {
    return this.apps.get(clientId.toLowerCase());
  }

  /** By object id, as Graph's /applications/{id} addresses it. */
  getApplicationByObjectId(objectId: string): AppRegistration | undefined {
    const id = objectId.toLowerCase();
    return [...this.apps.values()].find((a) => a.objectId === id);
  }

  /** By the client-provided alternate key (case-insensitive, like Graph's alternate keys). */
  getApplicationByUniqueName(uniqueName: string): AppRegistration | undefined {
    const wanted = uniqueName.toLowerCase();
    return [...this.apps.values()].find((a) => a.uniqueName?.toLowerCase() === wanted);
  }

  listApplications(): AppRegistration[] {
    return [...this.apps.values()];
  }

  /** Deletes the app registration and its service principal. */
  removeApplication(clientId: string): void {
    const sp = this.servicePrincipalOf(clientId);
    if (sp) this.principals.delete(sp.objectId);
    this.apps.delete(clientId.toLowerCase());
  }

  addKeyCredential(
    clientId: string,
    certificate: { certificatePem: string },
    opts: { displayName?: string; keyId?: string } = {},
  ): KeyCredential {
    const credential = keyCredentialFrom(certificate.certificatePem, opts);
    this.requireApp(clientId).keyCredentials.push(credential);
    return credential;
  }

  /** Removes a certificate credential by keyId or by SHA-1/SHA-256 thumbprint (hex, any case). */
  removeKeyCredential(clientId: string, keyIdOrThumbprint: string): void {
    removeKeyCredentialFrom(this.requireApp(clientId), keyIdOrThumbprint);
  }

  addPasswordCredential(
    clientId: string,
    opts: { secret?: string; displayName?: string; endDateTime?: Date } = {},
  ): PasswordCredential {
    const credential = passwordCredentialFrom(this.clock.now(), opts);
    this.requireApp(clientId).passwordCredentials.push(credential);
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

  /**
   * "Expose an API" and "App roles" on one of the tenant's apps: identifier URIs, delegated
   * scopes, app roles, pre-authorized clients and the access token version. Replaces what was
   * exposed before; the app's service principal publishes the same.
   */
  exposeApi(clientId: string, input: ExposeApiInput = {}): AppRegistration {
    const app = this.requireApp(clientId);
    exposeApiOn(app, input, { identifierUriInUse: (uri) => this.identifierUriInUse(uri, app.clientId) });
    return app;
  }

  /** True when an app or resource other than `exceptAppId` already has this identifier URI (case-insensitive). */
  identifierUriInUse(uri: string, exceptAppId?: string): boolean {
    const wanted = uri.replace(/\/+$/, "").toLowerCase();
    const owners = [...this.apps.values(), ...this.principals.values()].map((o) =>
      "clientId" in o
        ? { appId: o.clientId, uris: o.identifierUris }
        : { appId: o.appId, uris: o.identifierUris },
    );
    return owners.some((o) => o.appId !== exceptAppId && o.uris.some((u) => u.toLowerCase() === wanted));
  }

  addServicePrincipal(input: Omit<ServicePrincipal, "objectId"> & { objectId?: string }): ServicePrincipal {
    const sp: ServicePrincipal = { ...input, objectId: input.objectId ?? newGuid() };
    this.principals.set(sp.objectId, sp);
    return sp;
  }

  getServicePrincipal(objectId: string): ServicePrincipal | undefined {
    return this.principals.get(objectId.toLowerCase());
  }

  servicePrincipalOf(appId: string): ServicePrincipal | undefined {
    const id = appId.toLowerCase();
    return [...this.principals.values()].find((sp) => sp.appId === id);
  }

  listServicePrincipals(): ServicePrincipal[] {
    return [...this.principals.values()];
  }

  /**
   * Resolves a resource by audience URI or app id. `audience` is what tokens for it carry:
   * the identifier URI asked for in v1.0 tokens; the app id in v2.0 tokens, which APIs of
   * the tenant's own apps get when their api.requestedAccessTokenVersion is 2.
   */
  findResource(resource: string): ResolvedAudience | undefined {
    const wanted = resource.replace(/\/+$/, "");
    const lower = wanted.toLowerCase();
    for (const sp of this.principals.values()) {
      const primary = sp.identifierUris[0];
      let audience: string | undefined;
      if (sp.appId === lower) audience = primary ?? sp.appId;
      else audience = sp.identifierUris.find((u) => u.toLowerCase() === lower);
      if (!audience && sp.identifierUriPatterns.some((p) => p.test(wanted))) audience = wanted;
      if (!audience) continue;
      if (this.apps.get(sp.appId)?.api.requestedAccessTokenVersion === 2)
        return { sp, audience: sp.appId, tokenVersion: 2 };
      return { sp, audience, tokenVersion: 1 };
    }
    return undefined;
  }

  /** Adds an audience to a resource, e.g. the URL of an emulated Dataverse environment. */
  addResourceAudience(resourceAppId: string, uri: string): void {
    const sp = this.requireServicePrincipal(resourceAppId);
    const clean = uri.replace(/\/+$/, "");
    if (!sp.identifierUris.includes(clean)) sp.identifierUris.push(clean);
  }

  /** "User", "ServicePrincipal" or undefined for an object id nobody has (ARM's principalType). */
  principalTypeOf(objectId: string): "User" | "ServicePrincipal" | undefined {
    if (this.getServicePrincipal(objectId)) return "ServicePrincipal";
    return this.users.has(objectId.toLowerCase()) ? "User" : undefined;
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
