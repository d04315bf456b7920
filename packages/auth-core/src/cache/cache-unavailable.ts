/**
 * CACHE_UNAVAILABLE errors for encrypted persistence: what is missing on this OS and how to fix it,
 * always including the explicit plaintext opt-in (never taken silently).
 */
import { TokenCacheError } from "../errors.js";
import type { CacheEncryption } from "./cache-storage.js";
import { bundledDpapiPath } from "./dpapi-binding.js";
import { keyringPlatformPackage } from "./keyring-binding.js";

type Encrypted = Exclude<CacheEncryption, "plaintext">;

const PLAINTEXT_OPT_IN =
  "or opt in to a plaintext cache file (mode 0600, tokens readable by anyone with access to your account) with ENTRA_MCP_CACHE_PLAINTEXT=true.";

const STORE_NAME: Record<Encrypted, string> = {
  libsecret: "the Secret Service",
  keychain: "the macOS Keychain",
  dpapi: "Windows DPAPI",
};

/** The fix for "the encrypted store does not work right now". */
export function storeFix(encryption: Encrypted): string {
  switch (encryption) {
    case "libsecret":
      return (
        "run a Secret Service keyring and unlock it: on a desktop, sign in so GNOME Keyring or KWallet unlocks; " +
        "headless, install one (`sudo apt-get install gnome-keyring dbus`) and start the server under " +
        "`dbus-run-session -- sh -c 'echo -n \"$KEYRING_PASSWORD\" | gnome-keyring-daemon --unlock --components=secrets >/dev/null; <server command>'`; " +
        PLAINTEXT_OPT_IN
      );
    case "keychain":
      return `unlock the login keychain (\`security unlock-keychain ~/Library/Keychains/login.keychain-db\`) and allow access when macOS asks; ${PLAINTEXT_OPT_IN}`;
    case "dpapi":
      return `make sure the server runs as a normal signed-in Windows user with a loaded profile; ${PLAINTEXT_OPT_IN}`;
  }
}

/** The OS and CPU whose prebuilt binding is meant (the running one, except in tests). */
export interface BindingTarget {
  platform: NodeJS.Platform;
  arch: string;
}

const HOST: BindingTarget = { platform: process.platform, arch: process.arch };

// npx keeps an install that lacks the binding (optional dependencies omitted, npm bug #4828) in its
// own cache and reuses it, so reinstalling means removing that entry; `npm cache npx` needs npm 11.2.
function npxRetry(platform: NodeJS.Platform): string {
  const olderNpm =
    platform === "win32"
      ? "delete %LocalAppData%\\npm-cache\\_npx"
      : '`rm -rf "$(npm config get cache)/_npx"`';
  return `with npx, run \`npm cache npx rm\` (older npm: ${olderNpm}) and start it again`;
}

/** The fix for "the prebuilt native binding behind the encrypted store cannot be loaded". */
export function moduleFix(encryption: Encrypted, target: BindingTarget = HOST): string {
  if (encryption === "dpapi") {
    return `reinstall the server so that it has dist/${bundledDpapiPath(target.arch)}: ${npxRetry("win32")}; in Claude Desktop, install the Windows .mcpb again; ${PLAINTEXT_OPT_IN}`;
  }
  const binding = keyringPlatformPackage(target.platform, target.arch);
  return `reinstall without \`--omit=optional\` / \`--no-optional\` so that ${binding} is installed: ${npxRetry(target.platform)}; in Claude Desktop, install the .mcpb built for this OS; ${PLAINTEXT_OPT_IN}`;
}

/** The store's prebuilt native binding could not be loaded. */
export function moduleUnavailable(
  encryption: Encrypted,
  cause: unknown,
  target: BindingTarget = HOST,
): TokenCacheError {
  const missing =
    encryption === "dpapi"
      ? `its prebuilt binding dpapi.node for win32-${target.arch}`
      : `its prebuilt binding package ${keyringPlatformPackage(target.platform, target.arch)}`;
  return new TokenCacheError(
    "CACHE_UNAVAILABLE",
    `Encrypted token cache unavailable: ${STORE_NAME[encryption]} cannot be used because ${missing} is missing or does not load (${messageOf(cause)}).`,
    { cause, fix: moduleFix(encryption, target) },
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
