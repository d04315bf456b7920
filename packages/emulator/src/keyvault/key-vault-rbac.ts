/** Data actions the emulated operations need (names as Azure RBAC reports them). */
export const KeyVaultAction = {
  getSecret: "Microsoft.KeyVault/vaults/secrets/getSecret/action",
  readCertificate: "Microsoft.KeyVault/vaults/certificates/read",
  createCertificate: "Microsoft.KeyVault/vaults/certificates/create/action",
  updateCertificate: "Microsoft.KeyVault/vaults/certificates/update/action",
} as const;
