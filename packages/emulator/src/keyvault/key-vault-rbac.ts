import type { KeyVaultRole } from "./key-vault-state.js";

/** Data actions the emulated operations need (names as Azure RBAC reports them). */
export const KeyVaultAction = {
  getSecret: "Microsoft.KeyVault/vaults/secrets/getSecret/action",
  readCertificate: "Microsoft.KeyVault/vaults/certificates/read",
  createCertificate: "Microsoft.KeyVault/vaults/certificates/create/action",
  updateCertificate: "Microsoft.KeyVault/vaults/certificates/update/action",
} as const;

// The built-in role definitions' dataActions. Certificate User really does hold
// getSecret at vault scope: that is how it reads the secret behind a certificate.
const ROLE_DATA_ACTIONS: Record<KeyVaultRole, readonly string[]> = {
  "Key Vault Administrator": ["Microsoft.KeyVault/vaults/*"],
  "Key Vault Certificates Officer": [
    "Microsoft.KeyVault/vaults/certificatecas/*",
    "Microsoft.KeyVault/vaults/certificates/*",
    "Microsoft.KeyVault/vaults/certificatecontacts/write",
  ],
  "Key Vault Certificate User": [
    "Microsoft.KeyVault/vaults/certificates/read",
    "Microsoft.KeyVault/vaults/secrets/getSecret/action",
    "Microsoft.KeyVault/vaults/secrets/readMetadata/action",
    "Microsoft.KeyVault/vaults/keys/read",
  ],
  "Key Vault Secrets User": [
    "Microsoft.KeyVault/vaults/secrets/getSecret/action",
    "Microsoft.KeyVault/vaults/secrets/readMetadata/action",
  ],
  "Key Vault Reader": [
    "Microsoft.KeyVault/vaults/*/read",
    "Microsoft.KeyVault/vaults/secrets/readMetadata/action",
  ],
};

/** True when any of the roles grants the data action (Azure's `*` wildcard, case-insensitive). */
export function rolesAllow(roles: readonly KeyVaultRole[], action: string): boolean {
  return roles.some((role) => ROLE_DATA_ACTIONS[role].some((pattern) => wildcardMatch(pattern, action)));
}

function wildcardMatch(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.split("*").map(escapeRegExp).join(".*")}$`, "i");
  return re.test(action);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
