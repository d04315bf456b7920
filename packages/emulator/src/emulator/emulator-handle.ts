import type { RoleAssignmentStore } from "../arm/role-assignment-store.js";
import type { CanaryHit } from "../canary/canary-routes.js";
import type { DataverseEnvironment } from "../dataverse/dataverse-environment.js";
import type { DirectoryState } from "../directory/directory-state.js";
import type { AccessTokenVerifier } from "../entra/access-token-verifier.js";
import type { IdentityAdmin } from "../entra/identity-admin.js";
import type { GraphState } from "../graph/graph-state.js";
import type { SentMail } from "../graph/graph-types.js";
import type { Fault } from "../http/faults.js";
import type { RequestFilter, RequestLogEntry, RequestPredicate } from "../http/request-log.js";
import type { CertificateVersion, KeyVaultState } from "../keyvault/key-vault-state.js";
import type { PowerPlatformState } from "../power-platform/power-platform-state.js";
import type { EmptyTenant } from "../seed/seeded-tenant.js";
import type { TenantSettings } from "../workspaces/tenant-settings.js";
import type { WorkspaceState } from "../workspaces/workspace-state.js";
import type { EmulatorEnv } from "./emulator-env.js";
import type { RotateCertificateOptions } from "./rotate-certificate.js";

export type SeedName = "default" | "empty";

export interface StartEmulatorOptions {
  /**
   * "default" (app, certificates, consent, teammate, user, admin, sample data) or "empty"
   * (nothing provisioned: resources, empty vault, sample data, an admin and a teammate).
   */
  seed?: SeedName;
  /**
   * Directory holding ca.pem + ca-key.pem to sign with (created there if missing), so that
   * a NODE_EXTRA_CA_CERTS set at process start covers emulators started later. Falls back
   * to ENTRA_MCP_EMULATOR_CA_DIR, then to a fresh CA in the emulator's temp dir.
   */
  caDir?: string;
  /** Emulator clock offset from the real clock, in seconds. */
  clockSkewSeconds?: number;
  /** expires_in of issued access tokens (default 3599; MSAL never caches ≤ 300). */
  accessTokenLifetimeSeconds?: number;
  /** How long device codes stay valid (default 900). */
  deviceCodeLifetimeSeconds?: number;
}

/** Origin URLs (https://127.0.0.1:<port>, no trailing slash). */
export interface EmulatorUrls {
  login: string;
  vault: string;
  graph: string;
  /** Power BI REST (api.powerbi.com): /v1.0/myorg/... */
  powerbi: string;
  /**
   * The emulated app.powerbi.com (report embed page, reports' webUrl) at 127.0.0.1. Reports'
   * embedUrl names it as https://app.powerbi.com:<this port> (see Emulator.powerBiAppUrl).
   */
  powerbiapp: string;
  /** Fabric REST (api.fabric.microsoft.com): /v1/... */
  fabric: string;
  /** Power Platform API (/environmentmanagement/...) and BAP (/providers/Microsoft.BusinessAppPlatform/...). */
  powerplatform: string;
  /** Dataverse Web API of the default environment ("Contoso (default)"). */
  dataverse: string;
  /** Dataverse Web API of the sandbox environment ("Contoso Sales (sandbox)"). */
  dataverse2: string;
  /** Azure Resource Manager (management.azure.com): subscriptions, the vault, role assignments. */
  arm: string;
  /** Answers everything with 599 and records it: point redirects and nextLinks here in host-pinning tests. */
  canary: string;
}

/** A running emulator. */
export interface Emulator<T extends EmptyTenant = EmptyTenant> {
  env: EmulatorEnv;
  urls: EmulatorUrls;
  /** CA certificate PEM file the origins' TLS certificates chain to. */
  caPath: string;
  /** cloud.json (the custom cloud profile ENTRA_MCP_CLOUD points at). */
  cloudPath: string;
  tenant: T;
  directory: DirectoryState;
  vault: KeyVaultState;
  /** Azure role assignments (ARM's and the vault's RBAC, one store). */
  roleAssignments: RoleAssignmentStore;
  /** Graph groups, sign-ins and mailboxes (users and apps are in `directory`). */
  graph: GraphState;
  /** Power BI / Fabric workspaces, datasets, items, jobs and refreshes. */
  workspaces: WorkspaceState;
  /** Fabric tenant settings (service principal access) and Fabric administrators. */
  tenantSettings: TenantSettings;
  /** Power Platform environments and management-app registrations. */
  powerPlatform: PowerPlatformState;
  /** The Dataverse environments, in origin order: [dataverse, dataverse2]. */
  dataverse: DataverseEnvironment[];
  /**
   * https://app.powerbi.com:<port>, the origin of reports' embedUrl and webUrl. powerbi-client
   * embeds only *.powerbi.com URLs, so a browser test maps the host to 127.0.0.1 (Chromium:
   * --host-resolver-rules="MAP app.powerbi.com 127.0.0.1") and trusts the emulator CA.
   */
  powerBiAppUrl: string;
  /** Lifetime of embed tokens issued from now on (default 3600 s); short ones exercise renewal. */
  setEmbedTokenLifetime(seconds: number): void;
  /** Requests that reached the canary origin (none, in a passing host-pinning test). */
  canaryHits(): CanaryHit[];
  clearCanaryHits(): void;
  /** Mail accepted by POST /v1.0/me/sendMail, oldest first. */
  sentMail(): SentMail[];
  /** The request log, optionally filtered. */
  requests(filter?: RequestFilter | RequestPredicate): RequestLogEntry[];
  clearRequests(): void;
  /** Arms a fault for the next matching request(s). */
  inject(fault: Fault): void;
  clearFaults(): void;
  /** Signs the default user (or the given one) in for a pending device code. */
  approveDeviceCode(userCode: string, user?: string): void;
  /** Revokes a user's refresh tokens (like revokeSignInSessions). Returns how many. */
  revokeRefreshTokens(user: string): number;
  /** Checks an emulator-issued access token (signature + lifetime); resource routes use it. */
  verifyAccessToken: AccessTokenVerifier;
  /**
   * Identity admin hooks: signing key rotation (JWKS rollover) and per-user MFA requirements
   * (the claims challenge path). The login origin serves the same under /_emulator.
   */
  identity: IdentityAdmin;
  /** New vault version of a certificate; registers it on the seeded app unless told not to. */
  rotateCertificate(name: string, options?: RotateCertificateOptions): CertificateVersion;
  setClockSkew(seconds: number): void;
  /** Closes every origin and deletes the temp dir. */
  stop(): Promise<void>;
}
