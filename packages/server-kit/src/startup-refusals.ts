/**
 * Configurations a server refuses at start, before it answers `initialize`. Only what is cheap to see
 * without auth-core (which loads on the first tool call) belongs here; auth-core checks the same rule
 * again when it validates its config, so library users get it too.
 */

/** The reason `env` cannot be served, as one line naming the variables and the fix; or undefined. */
export function startupRefusal(env: NodeJS.ProcessEnv): string | undefined {
  if (env.ENTRA_MCP_CERT_PATH?.trim() && env.ENTRA_MCP_KEYVAULT_URL?.trim()) {
    return "entra-mcp: ENTRA_MCP_CERT_PATH and ENTRA_MCP_KEYVAULT_URL are both set, so it is not clear which certificate signs. Fix: unset ENTRA_MCP_CERT_PATH to use the Key Vault certificate, or unset ENTRA_MCP_KEYVAULT_URL to use the local file.";
  }
  return undefined;
}
