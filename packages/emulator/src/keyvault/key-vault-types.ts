import type { RoleAssignmentStore } from "../arm/role-assignment-store.js";
import type { CertificateMaterial } from "../certs/certificate-material.js";

// The shapes behind KeyVaultState: certificate versions, policies, secrets and operations.

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
  /** Overrides `attributes.exp` (the certificate itself keeps its notAfter): see setExpiry. */
  expiresOverride?: Date;
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
  /** Azure RBAC assignments, shared with the ARM API (a private store when omitted). */
  roleAssignments?: RoleAssignmentStore;
}
