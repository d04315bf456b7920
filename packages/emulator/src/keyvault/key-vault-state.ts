import { randomBytes } from "node:crypto";
import { type CertificateMaterial, createSelfSignedCertificate } from "../certs/certificate-material.js";

/** The Key Vault data-plane roles the emulator understands (Azure built-in role names). */
export type KeyVaultRole =
  | "Key Vault Certificate User"
  | "Key Vault Secrets User"
  | "Key Vault Certificates Officer"
  | "Key Vault Administrator"
  | "Key Vault Reader";

/** One version of a certificate; its key and secret share the version id, as in Key Vault. */
export interface CertificateVersion {
  name: string;
  /** 32 lowercase hex characters. */
  version: string;
  material: CertificateMaterial;
  contentType: "application/x-pem-file" | "application/x-pkcs12";
  enabled: boolean;
  created: Date;
  updated: Date;
  tags: Record<string, string>;
}

/** The issuance policy Key Vault keeps per certificate name (echoed in every bundle). */
export interface CertificatePolicy {
  subject: string;
  validityMonths: number;
  keySize: number;
  contentType: CertificateVersion["contentType"];
  created: Date;
  updated: Date;
}

/** A secret set directly (not backing a certificate). */
export interface PlainSecretVersion {
  name: string;
  version: string;
  value: string;
  contentType?: string;
  enabled: boolean;
  created: Date;
  updated: Date;
  tags: Record<string, string>;
}

/** A create-certificate operation, as returned by POST /certificates/{name}/create and GET .../pending. */
export interface CertificateOperationState {
  name: string;
  requestId: string;
  version: string;
  /** GETs of /pending still to answer "inProgress" before reporting "completed". */
  readsUntilComplete: number;
  cancellationRequested: boolean;
}

export interface CreateCertificateInput {
  contentType?: CertificateVersion["contentType"];
  subject?: string;
  validityMonths?: number;
  notBefore?: Date;
  keySize?: number;
  tags?: Record<string, string>;
  enabled?: boolean;
  material?: CertificateMaterial;
}

export interface KeyVaultStateOptions {
  /** Like https://127.0.0.1:PORT (no trailing slash). */
  vaultUrl: string;
  /** Shown in ForbiddenByRbac messages ("Vault: <name>;location=..."). */
  vaultName?: string;
  location?: string;
  /** Used to build the ARM resource id in ForbiddenByRbac messages. */
  subscriptionId?: string;
  resourceGroup?: string;
  /**
   * How many GET /pending reads answer "inProgress" before "completed". The real service
   * takes seconds; 1 exercises a client's polling loop, 0 finishes on the first poll.
   */
  pendingReadsBeforeCompletion?: number;
}

/** In-memory Key Vault: certificates (with their backing secrets), plain secrets and RBAC assignments. */
export class KeyVaultState {
  readonly vaultUrl: string;
  readonly vaultName: string;
  readonly location: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly pendingReadsBeforeCompletion: number;

  private readonly certificates = new Map<string, CertificateVersion[]>();
  private readonly policies = new Map<string, CertificatePolicy>();
  private readonly secrets = new Map<string, PlainSecretVersion[]>();
  private readonly roles = new Map<string, Set<KeyVaultRole>>();
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
  }

  /** ARM id of the vault, lower-cased the way Key Vault prints it in RBAC errors. */
  get resourceId(): string {
    return `/subscriptions/${this.subscriptionId}/resourcegroups/${this.resourceGroup}/providers/microsoft.keyvault/vaults/${this.vaultName}`.toLowerCase();
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
    patch: { enabled?: boolean; tags?: Record<string, string> },
  ): CertificateVersion | undefined {
    const cert = this.getCertificate(name, version);
    if (!cert) return undefined;
    if (patch.enabled !== undefined) cert.enabled = patch.enabled;
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

  assignRole(principalObjectId: string, role: KeyVaultRole): void {
    const set = this.roles.get(principalObjectId) ?? new Set<KeyVaultRole>();
    set.add(role);
    this.roles.set(principalObjectId, set);
  }

  removeRole(principalObjectId: string, role: KeyVaultRole): void {
    this.roles.get(principalObjectId)?.delete(role);
  }

  rolesOf(principalObjectId: string): KeyVaultRole[] {
    return [...(this.roles.get(principalObjectId) ?? [])];
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
