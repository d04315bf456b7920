/**
 * CACHE_UNAVAILABLE errors for encrypted persistence: what is missing on this OS and how to fix it,
 * always including the explicit plaintext opt-in (never taken silently).
 */
import { TokenCacheError } from "../errors.js";
import type { CacheEncryption } from "./cache-storage.js";

type Encrypted = Exclude<CacheEncryption, "plaintext">;

const PLAINTEXT_OPT_IN =
  "or opt in to a plaintext cache file (mode 0600, tokens readable by anyone with access to your account) with ENTRA_MCP_CACHE_PLAINTEXT=true.";

const STORE_NAME: Record<Encrypted, string> = {
  libsecret: "the Secret Service (libsecret over D-Bus)",
  keychain: "the macOS Keychain",
  dpapi: "Windows DPAPI",
};

/** The fix for "the encrypted store does not work right now". */
export function storeFix(encryption: Encrypted): string {
  switch (encryption) {
    case "libsecret":
      return (
        "run a Secret Service keyring and unlock it: on a desktop, sign in so GNOME Keyring or KWallet unlocks; " +
        "headless, install it (`sudo apt-get install gnome-keyring dbus-x11 libsecret-1-0`) and start the server under " +
        "`dbus-run-session -- sh -c 'echo -n \"$KEYRING_PASSWORD\" | gnome-keyring-daemon --unlock --components=secrets >/dev/null; <server command>'`; " +
        PLAINTEXT_OPT_IN
      );
    case "keychain":
      return `unlock the login keychain (\`security unlock-keychain ~/Library/Keychains/login.keychain-db\`) and allow access when macOS asks; ${PLAINTEXT_OPT_IN}`;
    case "dpapi":
      return `make sure the server runs as a normal signed-in Windows user with a loaded profile; ${PLAINTEXT_OPT_IN}`;
  }
}

/** The fix for "the native module behind the encrypted store cannot be loaded". */
export function moduleFix(encryption: Encrypted): string {
  switch (encryption) {
    case "libsecret":
      return `install libsecret (\`sudo apt-get install libsecret-1-0\`; building keytar from source also needs libsecret-1-dev) and reinstall dependencies (\`pnpm install\`); ${PLAINTEXT_OPT_IN}`;
    case "keychain":
    case "dpapi":
      return `reinstall dependencies (\`pnpm install\`) so the native modules of @azure/msal-node-extensions and keytar are present; ${PLAINTEXT_OPT_IN}`;
  }
}

/** The native modules could not be loaded at all. */
export function moduleUnavailable(encryption: Encrypted, cause: unknown): TokenCacheError {
  return new TokenCacheError(
    "CACHE_UNAVAILABLE",
    `Encrypted token cache unavailable: ${STORE_NAME[encryption]} needs @azure/msal-node-extensions and its native keytar module, which failed to load (${messageOf(cause)}).`,
    { cause, fix: moduleFix(encryption) },
  );
}

/** The store is there but refused to work (no D-Bus, locked keyring, ...). */
export function storeUnavailable(
  encryption: Encrypted,
  problem: string,
  cause: unknown,
  env: NodeJS.ProcessEnv = process.env,
): TokenCacheError {
  // Name the variable, never its value.
  const hint =
    encryption === "libsecret" && !env.DBUS_SESSION_BUS_ADDRESS
      ? " There is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)."
      : "";
  return new TokenCacheError(
    "CACHE_UNAVAILABLE",
    `Encrypted token cache unavailable: ${STORE_NAME[encryption]} ${problem} (${messageOf(cause)}).${hint}`,
    { cause, fix: storeFix(encryption) },
  );
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, " ").trim().slice(0, 300);
}
