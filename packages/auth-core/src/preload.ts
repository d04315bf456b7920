/**
 * The libraries a token needs (MSAL, and for app-only the Azure SDK's identity and Key Vault
 * clients) are imported lazily where they are used, so a restart on a persisted token never loads
 * the Azure SDK. A host that is idle (a server waiting for its first call) can load them ahead with
 * this. Nothing is configured and nothing touches the network.
 */

let preloading: Promise<void> | undefined;

/** Starts importing the auth libraries (once); resolves when they are loaded, never rejects. */
export function preloadAuthLibraries(): Promise<void> {
  preloading ??= Promise.all([
    import("@azure/msal-node"),
    import("@azure/identity"),
    import("@azure/keyvault-secrets"),
  ]).then(
    () => undefined,
    // A missing library is reported by the call that needs it, with the reason.
    () => undefined,
  );
  return preloading;
}
