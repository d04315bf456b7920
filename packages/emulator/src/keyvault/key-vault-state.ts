import { randomBytes } from "node:crypto";
import { RoleAssignmentStore } from "../arm/role-assignment-store.js";
import { roleDefinitionById, roleDefinitionByName } from "../arm/role-definitions.js";
import { createSelfSignedCertificate } from "../certs/certificate-material.js";
import { newGuid } from "../ids.js";
import type {
  CertificateOperationState,
  CertificatePolicy,
  CertificateVersion,
  CreateCertificateInput,
  KeyVaultRole,
  KeyVaultStateOptions,
  PlainSecretVersion,
} from "./key-vault-types.js";

export type {
  CertificateOperationState,
  CertificatePolicy,
  CertificateVersion,
  CreateCertificateInput,
  KeyVaultRole,
  KeyVaultStateOptions,
  PlainSecretVersion,
} from "./key-vault-types.js";

const KEY_VAULT_ROLES = new Set<KeyVaultRole>([
  "Key Vault Certificate User",
  "Key Vault Secrets User",
  "Key Vault Certificates Officer",
  "Key Vault Administrator",
  "Key Vault Reader",
]);

/**
 * In-memory Key Vault: certificates (with their backing secrets) and plain secrets. Access is
 * Azure RBAC: the role assignments covering the vault's ARM id, the same ones ARM serves.
 */
export class KeyVaultState {
  readonly vaultUrl: string;
  readonly vaultName: string;
  readonly location: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly pendingReadsBeforeCompletion: number;
  readonly roleAssignments: RoleAssignmentStore;

  private readonly certificates = new Map<string, CertificateVersion[]>();
  private readonly policies = new Map<string, CertificatePolicy>();
  private readonly secrets = new Map<string, PlainSecretVersion[]>();
  private readonly operations = new Map<string, CertificateOperationState>();
  // Creation times come from a monotonic counter so "latest" is well defined within one millisecond.
  private lastCreatedMs = 0;

  constructor(opts: KeyVaultStateOptions) {
    this.vaultUrl = opts.vaultUrl.replace(/\/+$/, "");
    this.vaultName = opts.vaultName ?? "entra-mcp-emulator";
    this.location = opts.location ?? "westeurope";
    this.subscriptionId = opts.subscriptionId ?? "00000000-0000-0000-0000-000000000000";
    this.resourceGroup = opts.resourceGroup ?? "entra-mcp-emulator";
    this.pendingReadsBeforeCompletion = opts.pendingReadsBeforeCompletion ?? 1;
    this.roleAssignments = opts.roleAssignments ?? new RoleAssignmentStore();
  }

  /** ARM id of the vault, lower-cased the way Key Vault prints it in RBAC errors. */
  get resourceId(): string {
    return this.armResourceId.toLowerCase();
  }

  /** ARM id of the vault as ARM spells it (the scope of its role assignments). */
  get armResourceId(): string {
    return `/subscriptions/${this.subscriptionId}/resourceGroups/${this.resourceGroup}/providers/Microsoft.KeyVault/vaults/${this.vaultName}`;
  }

  /** Adds a certificate version (a new name, or a rotation of an existing one). */
  createCertificate(name: string, opts: CreateCertificateInput = {}): CertificateVersion {
    assertName(name);
    if (this.secrets.has(name)) {
      throw new Error(
        `KeyVaultState: "${name}" is already a plain secret; certificates and secrets share names.`,
      );
    }
    if (opts.material && !opts.material.privateKeyPem) {
      // The certificate's secret is key + certificate; without a key there is nothing to serve.
      throw new Error(`KeyVaultState: certificate "${name}" needs material with a private key.`);
    }
    const previous = this.policies.get(name);
    const subject = opts.subject ?? opts.material?.subject ?? previous?.subject ?? "CN=entra-mcp";
    const validityMonths = opts.validityMonths ?? previous?.validityMonths ?? 12;
    const keySize = opts.keySize ?? previous?.keySize ?? 2048;
    const contentType = opts.contentType ?? previous?.contentType ?? "application/x-pem-file";
    const material =
      opts.material ??
      createSelfSignedCertificate({
        subject,
        validityMonths,
        keySize,
        ...(opts.notBefore ? { notBefore: opts.notBefore } : {}),
      });
    const created = this.nextCreated();
    const version: CertificateVersion = {
      name,
      version: newVersionId(),
      material,
      contentType,
      enabled: opts.enabled ?? true,
      created,
      updated: created,
      tags: { ...(opts.tags ?? {}) },
    };
    this.policies.set(name, {
      subject,
      validityMonths,
      keySize,
      contentType,
      created: previous?.created ?? created,
      updated: created,
    });
    const versions = this.certificates.get(name) ?? [];
    versions.push(version);
    this.certificates.set(name, versions);
    return version;
  }

  /** The named version, or the newest created one when no version is given. */
  getCertificate(name: string, version?: string): CertificateVersion | undefined {
    const versions = this.certificates.get(name);
    if (!versions || versions.length === 0) return undefined;
    if (version) return versions.find((v) => v.version === version);
    return latest(versions);
  }

  /** All versions, oldest first. */
  listVersions(name: string): CertificateVersion[] {
    return [...(this.certificates.get(name) ?? [])];
  }

  /** Names of all certificates, in insertion order. */
  listCertificateNames(): string[] {
    return [...this.certificates.keys()];
  }

  getPolicy(name: string): CertificatePolicy | undefined {
    return this.policies.get(name);
  }

  /** Enables/disables a certificate version and, with it, its backing secret (latest if no version). */
  setEnabled(name: string, enabled: boolean, version?: string): void {
    const target = this.getCertificate(name, version) ?? this.getPlainSecret(name, version);
    if (!target)
      throw new Error(`KeyVaultState: no certificate or secret "${name}"${version ? `/${version}` : ""}.`);
    target.enabled = enabled;
    target.updated = new Date();
  }

  /** Applies a PATCH of a certificate version's attributes/tags (latest if no version). */
  updateCertificate(
    name: string,
    version: string | undefined,
    patch: { enabled?: boolean; exp?: Date; tags?: Record<string, string> },
  ): CertificateVersion | undefined {
    const cert = this.getCertificate(name, version);
    if (!cert) return undefined;
    if (patch.enabled !== undefined) cert.enabled = patch.enabled;
    if (patch.exp !== undefined) cert.expiresOverride = patch.exp;
    if (patch.tags !== undefined) cert.tags = { ...patch.tags };
    cert.updated = new Date();
    return cert;
  }

  /** Removes a certificate with all its versions (Key Vault would soft-delete; the emulator purges). */
  deleteCertificate(name: string): void {
    this.certificates.delete(name);
    this.policies.delete(name);
    this.operations.delete(name);
  }

  /** Assigns a role at the vault's scope (an ARM role assignment with a new GUID), once. */
  assignRole(principalObjectId: string, role: KeyVaultRole | "Owner" | "User Access Administrator"): void {
    const definition = roleDefinitionByName(role);
    if (!definition) throw new Error(`KeyVaultState: unknown role "${role}".`);
    const scope = this.armResourceId;
    if (this.roleAssignments.findSame(principalObjectId, definition.id, scope)) return;
    this.roleAssignments.add({
      name: newGuid(),
      scope,
      roleDefinitionId: definition.id,
      principalId: principalObjectId,
      principalType: this.roleAssignments.resolvePrincipalType(principalObjectId) ?? "ServicePrincipal",
    });
  }

  /** Removes the role's assignment made at the vault's scope (inherited ones stay). */
  removeRole(principalObjectId: string, role: KeyVaultRole | "Owner" | "User Access Administrator"): void {
    const definition = roleDefinitionByName(role);
    const found =
      definition && this.roleAssignments.findSame(principalObjectId, definition.id, this.armResourceId);
    if (found) this.roleAssignments.remove(found.name);
  }

  /** The Key Vault data-plane roles that apply to the principal here, from every covering scope. */
  rolesOf(principalObjectId: string): KeyVaultRole[] {
    const names = this.roleAssignments
      .effective(principalObjectId, this.armResourceId)
      .map((a) => roleDefinitionById(a.roleDefinitionId)?.roleName);
    return [...new Set(names)].filter((n): n is KeyVaultRole => KEY_VAULT_ROLES.has(n as KeyVaultRole));
  }

  /** True when the principal's roles grant the data action on this vault. */
  allowsDataAction(principalObjectId: string, action: string): boolean {
    return this.roleAssignments.allows(principalObjectId, this.armResourceId, action, "dataAction");
  }

  /**
   * Test hook: makes a certificate version report `exp` (and so expire, for clients that read
   * attributes) at `date`. The certificate bytes keep their notAfter: re-issuing would change
   * the thumbprint and break the app's registered key, which is a different failure.
   */
  setExpiry(name: string, date: Date, version?: string): CertificateVersion {
    const cert = this.getCertificate(name, version);
    if (!cert) throw new Error(`KeyVaultState: no certificate "${name}"${version ? `/${version}` : ""}.`);
    cert.expiresOverride = date;
    cert.updated = new Date();
    return cert;
  }

  /** Sets (adds a new version of) a secret that does not back a certificate. */
  setPlainSecret(name: string, value: string, contentType?: string): void {
    assertName(name);
    if (this.certificates.has(name)) {
      throw new Error(`KeyVaultState: "${name}" backs a certificate; its secret is managed by Key Vault.`);
    }
    const created = this.nextCreated();
    const versions = this.secrets.get(name) ?? [];
    versions.push({
      name,
      version: newVersionId(),
      value,
      ...(contentType !== undefined ? { contentType } : {}),
      enabled: true,
      created,
      updated: created,
      tags: {},
    });
    this.secrets.set(name, versions);
  }

  getPlainSecret(name: string, version?: string): PlainSecretVersion | undefined {
    const versions = this.secrets.get(name);
    if (!versions || versions.length === 0) return undefined;
    if (version) return versions.find((v) => v.version === version);
    return latest(versions);
  }

  /** Starts a create operation whose certificate version already exists (the emulator issues instantly). */
  beginCertificateOperation(name: string, version: string): CertificateOperationState {
    const op: CertificateOperationState = {
      name,
      version,
      requestId: newVersionId(),
      readsUntilComplete: this.pendingReadsBeforeCompletion,
      cancellationRequested: false,
    };
    this.operations.set(name, op);
    return op;
  }

  getCertificateOperation(name: string): CertificateOperationState | undefined {
    return this.operations.get(name);
  }

  private nextCreated(): Date {
    this.lastCreatedMs = Math.max(Date.now(), this.lastCreatedMs + 1);
    return new Date(this.lastCreatedMs);
  }
}

function latest<T extends { created: Date }>(versions: T[]): T | undefined {
  return versions.reduce<T | undefined>((a, b) => (!a || b.created >= a.created ? b : a), undefined);
}

function newVersionId(): string {
  return randomBytes(16).toString("hex");
}

// Key Vault object names: 1-127 characters, letters, digits and dashes.
function assertName(name: string): void {
  if (!/^[0-9a-zA-Z-]{1,127}$/.test(name)) {
    throw new Error(`KeyVaultState: "${name}" is not a valid name; use 1-127 letters, digits and dashes.`);
  }
}
