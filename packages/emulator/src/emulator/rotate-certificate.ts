import type { DirectoryState } from "../directory/directory-state.js";
import type { CertificateVersion, KeyVaultState } from "../keyvault/key-vault-state.js";

export interface RotateCertificateOptions {
  /** Register the new certificate on the app (default true), as a rotation script would. */
  registerOnApp?: boolean;
  /** Remove the previous version's certificate from the app (default false). */
  removeOld?: boolean;
}

/** Creates a new version of a vault certificate and updates the app's key credentials. */
export function rotateCertificate(
  directory: DirectoryState,
  vault: KeyVaultState,
  clientId: string | undefined,
  name: string,
  opts: RotateCertificateOptions = {},
): CertificateVersion {
  const previous = vault.getCertificate(name);
  if (!previous) throw new Error(`rotateCertificate: the vault has no certificate "${name}".`);
  const next = vault.createCertificate(name);
  if ((opts.registerOnApp ?? true) || opts.removeOld) {
    if (!clientId) throw new Error("rotateCertificate: this tenant has no seeded app to update.");
  }
  if (clientId && (opts.registerOnApp ?? true)) {
    directory.addKeyCredential(clientId, next.material, { displayName: next.material.subject });
  }
  if (clientId && opts.removeOld) {
    directory.removeKeyCredential(clientId, previous.material.thumbprintSha256Hex);
  }
  return next;
}
