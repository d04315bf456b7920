/**
 * The part of @azure/msal-node-extensions we use, as a structural type, and its lazy loader.
 * The package's index imports keytar (a native module) eagerly, so merely importing it can fail or
 * cost start-up time; it is loaded only when encrypted persistence is actually chosen. Tests pass a
 * fake module of this shape instead of patching imports.
 */

/** One persisted entry (a keyring item, or an encrypted file). */
export interface PersistenceEntry {
  save(contents: string): Promise<void>;
  load(): Promise<string | null>;
  delete(): Promise<boolean>;
}

export interface PersistenceModule {
  LibSecretPersistence: {
    create(markerFile: string, serviceName: string, accountName: string): Promise<PersistenceEntry>;
  };
  KeychainPersistence: {
    create(markerFile: string, serviceName: string, accountName: string): Promise<PersistenceEntry>;
  };
  FilePersistenceWithDataProtection: {
    create(file: string, scope: "CurrentUser" | "LocalMachine"): Promise<PersistenceEntry>;
  };
}

export type PersistenceModuleLoader = () => Promise<PersistenceModule>;

/** Imports msal-node-extensions (and with it keytar / the DPAPI binding) on first use. */
export const importPersistenceModule: PersistenceModuleLoader = async () => {
  const extensions = await import("@azure/msal-node-extensions");
  return extensions;
};
