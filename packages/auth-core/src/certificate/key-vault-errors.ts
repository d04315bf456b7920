/**
 * Maps Key Vault and credential failures to errors that say what is wrong and the command that fixes it
 * (the seed's troubleshooting table, as code).
 */
import { CertificateError, type EntraMcpError, KeyVaultError } from "../errors.js";

interface VaultErrorContext {
  vaultUrl: string;
  certName: string;
  version: string | undefined;
}

interface RestErrorLike {
  name?: string;
  statusCode?: number;
  code?: string;
  message?: string;
  details?: { error?: { code?: string; innererror?: { code?: string } }; innererror?: { code?: string } };
  cause?: unknown;
}

const TLS_TRUST_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);
const UNREACHABLE_CODES = new Set([
  "REQUEST_SEND_ERROR",
  "ECONNREFUSED",
  "ENOTFOUND",
  "ETIMEDOUT",
  "ECONNRESET",
  "EAI_AGAIN",
  "EHOSTUNREACH",
]);

/** Converts an error thrown by SecretClient / the credential into a named EntraMcpError. */
export function toVaultError(error: unknown, context: VaultErrorContext): EntraMcpError {
  const rest = (error ?? {}) as RestErrorLike;
  const vaultName = new URL(context.vaultUrl).hostname.split(".")[0] ?? context.vaultUrl;
  const inner = rest.details?.error?.innererror?.code ?? rest.details?.innererror?.code;
  const disabled = inner === "SecretDisabled" || /disabled secret/i.test(rest.message ?? "");

  if (rest.name === "CredentialUnavailableError" || rest.name === "AggregateAuthenticationError") {
    return new KeyVaultError(
      "CREDENTIAL_UNAVAILABLE",
      `Key Vault: no Azure login is available to read ${context.vaultUrl}.`,
      {
        cause: error,
        fix: "run `az login` (or `azd auth login`), or set AZURE_TOKEN_CREDENTIALS to the credential you use.",
      },
    );
  }
  if (/^Invalid value for AZURE_TOKEN_CREDENTIALS\b/.test(rest.message ?? "")) {
    // DefaultAzureCredential refuses to be built; its message names the value and the valid ones.
    return new KeyVaultError(
      "CREDENTIAL_UNAVAILABLE",
      `Key Vault: your Azure login for ${context.vaultUrl} cannot be set up. ${rest.message}`,
      {
        cause: error,
        fix: 'set AZURE_TOKEN_CREDENTIALS to "dev", "prod" or one credential\'s name (e.g. AzureCliCredential), or unset it.',
      },
    );
  }
  if (rest.name === "AuthenticationError") {
    return new KeyVaultError(
      "CREDENTIAL_UNAVAILABLE",
      `Key Vault: your Azure login could not get a token for ${context.vaultUrl}.`,
      {
        cause: error,
        fix: "run `az login --tenant <tenant>` again and retry.",
      },
    );
  }
  if (rest.statusCode === 403 && disabled) {
    return new CertificateError(
      "CERTIFICATE_DISABLED",
      `Key Vault: certificate "${context.certName}" in ${context.vaultUrl} is disabled.`,
      {
        cause: error,
        fix: `az keyvault certificate set-attributes --vault-name ${vaultName} --name ${context.certName} --enabled true (or run \`npx -y @entra-mcp/cli rotate\`).`,
      },
    );
  }
  if (rest.statusCode === 403) {
    return new KeyVaultError(
      "VAULT_FORBIDDEN",
      `Key Vault: your Azure login may not read certificate "${context.certName}" in ${context.vaultUrl}; it needs the "Key Vault Certificate User" role on the vault.`,
      {
        cause: error,
        fix: `az role assignment create --role "Key Vault Certificate User" --assignee <your-upn-or-object-id> --scope $(az keyvault show --name ${vaultName} --query id -o tsv) (or \`npx -y @entra-mcp/cli add-teammate <upn>\`).`,
      },
    );
  }
  if (rest.statusCode === 404) {
    const what = context.version
      ? `version ${context.version} of certificate "${context.certName}"`
      : `certificate "${context.certName}"`;
    return new CertificateError(
      "CERTIFICATE_NOT_FOUND",
      `Key Vault: ${what} was not found in ${context.vaultUrl}.`,
      {
        cause: error,
        fix: `check ENTRA_MCP_CERT_NAME against \`az keyvault certificate list --vault-name ${vaultName} -o table\`, or run \`npx -y @entra-mcp/cli provision\` to create it.`,
      },
    );
  }
  if (rest.code && TLS_TRUST_CODES.has(rest.code)) {
    return new KeyVaultError(
      "VAULT_UNREACHABLE",
      `Key Vault: the TLS certificate presented for ${context.vaultUrl} is not trusted (${rest.code}); a TLS-inspecting proxy is the usual cause.`,
      {
        cause: error,
        fix: "set NODE_EXTRA_CA_CERTS to your proxy's CA bundle (or start Node with --use-system-ca), then retry.",
      },
    );
  }
  if (isUnreachable(rest)) {
    return new KeyVaultError(
      "VAULT_UNREACHABLE",
      `Key Vault: ${context.vaultUrl} cannot be reached (${rest.code ?? "network error"}).`,
      {
        cause: error,
        fix: "check ENTRA_MCP_KEYVAULT_URL, your network/VPN and proxy settings (HTTPS_PROXY / NO_PROXY), and the vault's firewall.",
      },
    );
  }
  return new KeyVaultError(
    "VAULT_ERROR",
    `Key Vault: reading certificate "${context.certName}" from ${context.vaultUrl} failed (${rest.statusCode ?? rest.code ?? rest.name ?? "error"}).`,
    {
      cause: error,
      fix: "run `npx -y @entra-mcp/cli doctor` for a step-by-step check.",
    },
  );
}

/** The vault read ran past its deadline: a vault (or proxy) that accepts connections but never answers. */
export function vaultTimeoutError(
  error: unknown,
  context: VaultErrorContext,
  timeoutMs: number,
): EntraMcpError {
  return new KeyVaultError(
    "VAULT_UNREACHABLE",
    `Key Vault: ${context.vaultUrl} did not answer within ${timeoutMs / 1000} s (reading certificate "${context.certName}").`,
    {
      cause: error,
      fix: "check ENTRA_MCP_KEYVAULT_URL, your network/VPN and proxy settings (HTTPS_PROXY / NO_PROXY), and the vault's firewall; on a slow link raise ENTRA_MCP_AUTH_TIMEOUT_SECONDS (default 15).",
    },
  );
}

function isUnreachable(error: RestErrorLike): boolean {
  if (error.code && UNREACHABLE_CODES.has(error.code)) return true;
  const cause = error.cause as RestErrorLike | undefined;
  return Boolean(cause?.code && UNREACHABLE_CODES.has(cause.code));
}
