/**
 * `loadAuthConfig(env)`: reads ENTRA_MCP_* variables (and the optional config file), validates them
 * once, and returns a frozen config. Every error names the variable, what is wrong and the fix.
 */
import { isAbsolute, resolve } from "node:path";
import { ConfigError } from "../errors.js";
import { type CloudProfile, resolveCloud } from "./cloud-profile.js";
import { type ConfigFileValues, defaultConfigPath, readConfigFile } from "./config-file.js";

export type AuthMode = "app" | "delegated";

export type CertificateLocation =
  | { source: "keyvault"; vaultUrl: string; certName: string }
  | { source: "file"; path: string; passphrase: string | undefined };

export interface AuthConfig {
  tenantId: string;
  clientId: string;
  mode: AuthMode;
  /** Where the app-only certificate comes from; undefined when only delegated mode is configured. */
  certificate: CertificateLocation | undefined;
  cloud: CloudProfile;
  /** Full authority URL, e.g. https://login.microsoftonline.com/<tenant>. */
  authority: string;
  /** Send the x5c chain with client assertions (subject name + issuer auth). */
  sendX5c: boolean;
  cacheDir: string | undefined;
  cachePlaintext: boolean;
  /** argv of the command that opens the sign-in URL; undefined = system browser; [] = none (device code). */
  browserCommand: string[] | undefined;
  /** The config file that supplied values, if any. */
  configFile: string | undefined;
  /** Deadline for one Key Vault read or one Entra ID request (ENTRA_MCP_AUTH_TIMEOUT_SECONDS). */
  networkTimeoutMs: number;
}

/** 15 s: far above a healthy vault or token endpoint (well under 1 s), well below a host's tool timeout. */
export const DEFAULT_NETWORK_TIMEOUT_MS = 15_000;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT_DOMAIN = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)+$/i;
const CERT_NAME = /^[0-9a-zA-Z-]{1,127}$/;

/** Validates ENTRA_MCP_* settings (env wins over the config file) and returns the config. */
export function loadAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const explicitFile = nonEmpty(env.ENTRA_MCP_CONFIG);
  const filePath = explicitFile ?? defaultConfigPath(process.platform, env);
  const file: ConfigFileValues = readConfigFile(filePath, explicitFile !== undefined);
  const usedFile = Object.keys(file).length > 0 ? filePath : undefined;
  const pick = (name: string, fileValue: string | undefined) => nonEmpty(env[name]) ?? nonEmpty(fileValue);

  const tenantId = required(
    "ENTRA_MCP_TENANT_ID",
    pick("ENTRA_MCP_TENANT_ID", file.tenantId),
    "the directory (tenant) ID",
  );
  if (!GUID.test(tenantId) && !TENANT_DOMAIN.test(tenantId)) {
    fail(
      "ENTRA_MCP_TENANT_ID",
      `"${tenantId}" is neither a GUID nor a domain like contoso.onmicrosoft.com`,
      "copy the Directory (tenant) ID from the app registration's Overview page",
    );
  }
  const clientId = required(
    "ENTRA_MCP_CLIENT_ID",
    pick("ENTRA_MCP_CLIENT_ID", file.clientId),
    "the application (client) ID",
  );
  if (!GUID.test(clientId)) {
    fail(
      "ENTRA_MCP_CLIENT_ID",
      `"${clientId}" is not a GUID`,
      "copy the Application (client) ID from the app registration's Overview page",
    );
  }

  const modeValue = pick("ENTRA_MCP_AUTH_MODE", file.authMode) ?? "app";
  if (modeValue !== "app" && modeValue !== "delegated") {
    fail(
      "ENTRA_MCP_AUTH_MODE",
      `"${modeValue}" is not a mode`,
      'set it to "app" (app-only, certificate) or "delegated" (signed-in user)',
    );
  }
  const mode = modeValue as AuthMode;
  const cloud = resolveCloud(pick("ENTRA_MCP_CLOUD", file.cloud));
  const certificate = readCertificateLocation(env, file, cloud, mode);

  return Object.freeze({
    tenantId,
    clientId,
    mode,
    certificate,
    cloud,
    authority: readAuthority(pick("ENTRA_MCP_AUTHORITY", file.authority), cloud, tenantId),
    sendX5c: readBoolean(env, "ENTRA_MCP_SEND_X5C"),
    cacheDir: readPath(env.ENTRA_MCP_CACHE_DIR),
    cachePlaintext: readBoolean(env, "ENTRA_MCP_CACHE_PLAINTEXT"),
    browserCommand: readBrowserCommand(env.ENTRA_MCP_BROWSER),
    configFile: usedFile,
    networkTimeoutMs: readTimeout(env.ENTRA_MCP_AUTH_TIMEOUT_SECONDS),
  });
}

function readCertificateLocation(
  env: NodeJS.ProcessEnv,
  file: ConfigFileValues,
  cloud: CloudProfile,
  mode: AuthMode,
): CertificateLocation | undefined {
  const certPath = nonEmpty(env.ENTRA_MCP_CERT_PATH);
  const vaultValue = nonEmpty(env.ENTRA_MCP_KEYVAULT_URL) ?? nonEmpty(file.keyVaultUrl);
  const certName = nonEmpty(env.ENTRA_MCP_CERT_NAME) ?? nonEmpty(file.certName);
  // Two explicit sources would leave the user guessing which certificate signs; a vault URL from the
  // team config file is only a default, which a developer's own ENTRA_MCP_CERT_PATH may override.
  if (certPath && nonEmpty(env.ENTRA_MCP_KEYVAULT_URL)) {
    fail(
      "ENTRA_MCP_CERT_PATH",
      "is set together with ENTRA_MCP_KEYVAULT_URL, so it is not clear which certificate to use",
      "unset ENTRA_MCP_CERT_PATH to use the Key Vault certificate, or unset ENTRA_MCP_KEYVAULT_URL to use the local file",
    );
  }
  if (certPath) {
    return {
      source: "file",
      path: resolve(certPath),
      passphrase: env.ENTRA_MCP_CERT_PASSPHRASE || undefined,
    };
  }
  if (!vaultValue && !certName) {
    if (mode === "delegated") return undefined;
    fail(
      "ENTRA_MCP_KEYVAULT_URL",
      "is not set, and app-only mode needs a certificate",
      "set ENTRA_MCP_KEYVAULT_URL and ENTRA_MCP_CERT_NAME (or ENTRA_MCP_CERT_PATH for a local PEM/PFX file), or run `npx -y @entra-mcp/cli provision`",
    );
  }
  const vaultUrl = validateVaultUrl(
    required("ENTRA_MCP_KEYVAULT_URL", vaultValue, "the vault URL, e.g. https://my-vault.vault.azure.net"),
    cloud,
  );
  const name = required("ENTRA_MCP_CERT_NAME", certName, "the certificate's name in the vault");
  if (!CERT_NAME.test(name)) {
    fail(
      "ENTRA_MCP_CERT_NAME",
      `"${name}" is not a Key Vault object name (1-127 letters, digits and dashes)`,
      "use the name shown by `az keyvault certificate list --vault-name <vault>`",
    );
  }
  return { source: "keyvault", vaultUrl, certName: name };
}

function validateVaultUrl(value: string, cloud: CloudProfile): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(
      "ENTRA_MCP_KEYVAULT_URL",
      `"${value}" is not a URL`,
      "use the vault URI from the portal, e.g. https://my-vault.vault.azure.net",
    );
  }
  if (url.protocol !== "https:")
    fail(
      "ENTRA_MCP_KEYVAULT_URL",
      "must use https://",
      "use the vault URI from the portal, which starts with https://",
    );
  const suffix = cloud.keyVault.dnsSuffix.toLowerCase();
  const host = url.hostname.toLowerCase();
  if (host !== suffix && !host.endsWith(`.${suffix}`)) {
    fail(
      "ENTRA_MCP_KEYVAULT_URL",
      `host "${url.hostname}" is not a Key Vault in the ${cloud.name} cloud (expected *.${suffix})`,
      "check ENTRA_MCP_CLOUD and the vault URI",
    );
  }
  if (url.pathname !== "/" || url.search || url.username) {
    fail(
      "ENTRA_MCP_KEYVAULT_URL",
      "must be the vault root without a path, query or user name",
      "drop everything after the host, e.g. https://my-vault.vault.azure.net",
    );
  }
  return url.origin;
}

function readAuthority(value: string | undefined, cloud: CloudProfile, tenantId: string): string {
  if (!value) return `${cloud.authorityHost}/${tenantId}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(
      "ENTRA_MCP_AUTHORITY",
      `"${value}" is not a URL`,
      "use e.g. https://contoso.ciamlogin.com/ or leave it unset",
    );
  }
  if (url.protocol !== "https:")
    fail("ENTRA_MCP_AUTHORITY", "must use https://", "use the https:// authority of your tenant");
  const path = url.pathname.replace(/\/+$/, "");
  // External ID (CIAM) authorities are often given as the bare host; the tenant goes in the path.
  return path ? `${url.origin}${path}` : `${url.origin}/${tenantId}`;
}

/** `ENTRA_MCP_BROWSER`: a command line split on spaces (quotes group words), or "none" for device code. */
function readBrowserCommand(value: string | undefined): string[] | undefined {
  const text = nonEmpty(value);
  if (!text) return undefined;
  if (text.toLowerCase() === "none") return [];
  const words = [...text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? "");
  if (words.length === 0)
    fail(
      "ENTRA_MCP_BROWSER",
      "is empty",
      'set a command such as "firefox", or "none" for device-code sign-in',
    );
  return words;
}

/** `ENTRA_MCP_AUTH_TIMEOUT_SECONDS`: seconds like server-kit's ENTRA_MCP_HTTP_TIMEOUT_SECONDS, decimals allowed. */
function readTimeout(value: string | undefined): number {
  const text = nonEmpty(value);
  if (text === undefined) return DEFAULT_NETWORK_TIMEOUT_MS;
  const seconds = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || seconds < 0.1 || seconds > 600) {
    fail(
      "ENTRA_MCP_AUTH_TIMEOUT_SECONDS",
      `"${text}" is not a number of seconds between 0.1 and 600`,
      `set e.g. ENTRA_MCP_AUTH_TIMEOUT_SECONDS=${DEFAULT_NETWORK_TIMEOUT_MS / 1000} (the default), or unset it`,
    );
  }
  return Math.round(seconds * 1000);
}

function readBoolean(env: NodeJS.ProcessEnv, name: string): boolean {
  const value = nonEmpty(env[name])?.toLowerCase();
  if (value === undefined || value === "false" || value === "0" || value === "no") return false;
  if (value === "true" || value === "1" || value === "yes") return true;
  return fail(name, `"${env[name]}" is not a boolean`, `set ${name}=true or ${name}=false`);
}

function readPath(value: string | undefined): string | undefined {
  const text = nonEmpty(value);
  return text === undefined ? undefined : isAbsolute(text) ? text : resolve(text);
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function required(name: string, value: string | undefined, what: string): string {
  if (value === undefined)
    fail(
      name,
      `is not set (${what})`,
      `set ${name}, or run \`npx -y @entra-mcp/cli provision\` to write the team config file`,
    );
  return value as string;
}

function fail(name: string, problem: string, fix: string): never {
  throw new ConfigError("CONFIG_INVALID", `${name}: ${problem}.`, { fix: `${fix}.` });
}
