/**
 * The token cache's AES-256 key, from configuration only (never a default): ENTRA_MCP_CACHE_KEY
 * (base64 of 32 bytes), or ENTRA_MCP_CACHE_KEY_SECRET naming a secret in the ENTRA_MCP_KEYVAULT_URL
 * vault that holds the same. Every replica must use the same key to read each other's entries.
 */
import { createSecretKey, type KeyObject } from "node:crypto";
import type { TokenCredential } from "@azure/identity";
import { toVaultError, vaultTimeoutError } from "../../certificate/key-vault-errors.js";
import { createVaultCredential } from "../../certificate/vault-credential.js";
import type { AuthConfig } from "../../config/load-auth-config.js";
import { ConfigError, KeyVaultError } from "../../errors.js";

const GENERATE = "generate one with `openssl rand -base64 32`";

/** Which source is configured, without reading anything. */
export function cacheKeySource(env: NodeJS.ProcessEnv): "inline" | "vault" | undefined {
  const inline = env.ENTRA_MCP_CACHE_KEY?.trim();
  const secret = env.ENTRA_MCP_CACHE_KEY_SECRET?.trim();
  if (inline && secret)
    throw new ConfigError(
      "CONFIG_INVALID",
      "ENTRA_MCP_CACHE_KEY and ENTRA_MCP_CACHE_KEY_SECRET are both set, so it is not clear which key encrypts the token cache.",
      {
        fix: "keep one: ENTRA_MCP_CACHE_KEY_SECRET (a Key Vault secret, preferred) or ENTRA_MCP_CACHE_KEY.",
      },
    );
  return inline ? "inline" : secret ? "vault" : undefined;
}

export async function loadCacheEncryptionKey(
  config: AuthConfig,
  env: NodeJS.ProcessEnv,
  credential?: TokenCredential,
): Promise<KeyObject> {
  const source = cacheKeySource(env);
  if (source === "inline") return decodeKey(env.ENTRA_MCP_CACHE_KEY ?? "", "ENTRA_MCP_CACHE_KEY");
  if (source === "vault")
    return readVaultKey(config, (env.ENTRA_MCP_CACHE_KEY_SECRET ?? "").trim(), credential);
  throw new ConfigError(
    "CONFIG_INVALID",
    "ENTRA_MCP_REDIS_URL is set, but no key encrypts the token cache it holds.",
    {
      fix: `store a key in the vault and set ENTRA_MCP_CACHE_KEY_SECRET to its name (${GENERATE}; \`az keyvault secret set --vault-name <vault> --name entra-mcp-cache-key --value <key>\`), or set ENTRA_MCP_CACHE_KEY.`,
    },
  );
}

function decodeKey(text: string, where: string): KeyObject {
  const value = text.trim();
  const bytes = /^[A-Za-z0-9+/_-]+={0,2}$/.test(value)
    ? Buffer.from(value, value.includes("-") || value.includes("_") ? "base64url" : "base64")
    : Buffer.alloc(0);
  try {
    if (bytes.length !== 32)
      throw new ConfigError(
        "CONFIG_INVALID",
        `${where} is not base64 of 32 bytes (it decodes to ${bytes.length} bytes).`,
        {
          fix: `${GENERATE} and use its output as is.`,
        },
      );
    return createSecretKey(bytes);
  } finally {
    bytes.fill(0);
  }
}

async function readVaultKey(
  config: AuthConfig,
  name: string,
  credential?: TokenCredential,
): Promise<KeyObject> {
  const vaultUrl = config.certificate?.source === "keyvault" ? config.certificate.vaultUrl : undefined;
  if (!vaultUrl)
    throw new ConfigError(
      "CONFIG_INVALID",
      `ENTRA_MCP_CACHE_KEY_SECRET names the vault secret "${name}", but ENTRA_MCP_KEYVAULT_URL is not set.`,
      {
        fix: "set ENTRA_MCP_KEYVAULT_URL to the vault that holds the secret (the one with the app's certificate).",
      },
    );
  const context = { vaultUrl, certName: name, version: undefined };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), config.networkTimeoutMs);
  let value: string | undefined;
  try {
    const { SecretClient } = await import("@azure/keyvault-secrets");
    const client = new SecretClient(vaultUrl, credential ?? (await createVaultCredential(config.cloud)), {
      disableChallengeResourceVerification: config.cloud.disableChallengeResourceVerification,
      retryOptions: { maxRetries: 3, retryDelayInMs: 100, maxRetryDelayInMs: 400 },
    });
    value = (await client.getSecret(name, { abortSignal: controller.signal })).value;
  } catch (error) {
    if (controller.signal.aborted) throw vaultTimeoutError(error, context, config.networkTimeoutMs);
    throw secretError(error, name, vaultUrl) ?? toVaultError(error, context);
  } finally {
    clearTimeout(timer);
  }
  return decodeKey(value ?? "", `Key Vault secret "${name}" in ${vaultUrl} (ENTRA_MCP_CACHE_KEY_SECRET)`);
}

/** 404 and 403 name the secret and ENTRA_MCP_CACHE_KEY_SECRET (the shared mapping speaks of certificates). */
function secretError(error: unknown, name: string, vaultUrl: string): KeyVaultError | undefined {
  const status = (error as { statusCode?: number } | undefined)?.statusCode;
  const vaultName = new URL(vaultUrl).hostname.split(".")[0] ?? vaultUrl;
  if (status === 404)
    return new KeyVaultError(
      "VAULT_ERROR",
      `Key Vault: secret "${name}" (ENTRA_MCP_CACHE_KEY_SECRET) was not found in ${vaultUrl}.`,
      {
        cause: error,
        fix: `create it: \`az keyvault secret set --vault-name ${vaultName} --name ${name} --value "$(openssl rand -base64 32)"\`, or correct ENTRA_MCP_CACHE_KEY_SECRET.`,
      },
    );
  if (status === 403)
    return new KeyVaultError(
      "VAULT_FORBIDDEN",
      `Key Vault: this server's Azure identity may not read secret "${name}" (ENTRA_MCP_CACHE_KEY_SECRET) in ${vaultUrl}; it needs the "Key Vault Secrets User" role.`,
      {
        cause: error,
        fix: `az role assignment create --role "Key Vault Secrets User" --assignee <object-id> --scope $(az keyvault show --name ${vaultName} --query id -o tsv).`,
      },
    );
  return undefined;
}
