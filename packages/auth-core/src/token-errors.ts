/**
 * Maps MSAL / Entra failures (AADSTS codes) to named errors with the fix, so the troubleshooting
 * table lives in code instead of a wiki.
 */
import { type EntraMcpError, SignInError, TokenError } from "./errors.js";
import { NETWORK_TIMEOUT_CODE } from "./network/timed-network-client.js";

/** The AADSTS number in an MSAL error, e.g. 700027, or undefined. */
export function aadstsCode(error: unknown): number | undefined {
  const text =
    error instanceof Error
      ? `${error.message} ${(error as { errorMessage?: string }).errorMessage ?? ""}`
      : String(error);
  const match = /AADSTS(\d+)/.exec(text);
  return match ? Number(match[1]) : undefined;
}

interface TokenErrorContext {
  clientId: string;
  mode: "app" | "delegated";
  scopes: string[];
}

/** Converts an error from MSAL into an EntraMcpError with a stable code and the fix. */
export function toTokenError(error: unknown, context: TokenErrorContext): EntraMcpError {
  if (error instanceof Error && "code" in error && (error as EntraMcpError).fix !== undefined)
    return error as EntraMcpError;
  const code = aadstsCode(error);
  const scopes = context.scopes.join(" ");
  if ((error as { errorCode?: unknown } | undefined)?.errorCode === NETWORK_TIMEOUT_CODE) {
    return new TokenError(
      "TOKEN_REQUEST_FAILED",
      `Entra ID: the ${context.mode === "app" ? "app-only" : "delegated"} token request for ${scopes} timed out: ${(error as { errorMessage?: string }).errorMessage ?? ""}.`,
      {
        cause: error,
        fix: "check your network/VPN and proxy settings (HTTPS_PROXY / NO_PROXY) and ENTRA_MCP_CLOUD / ENTRA_MCP_AUTHORITY; on a slow link raise ENTRA_MCP_AUTH_TIMEOUT_SECONDS (default 15).",
      },
    );
  }
  switch (code) {
    case 65001:
      return new TokenError(
        "CONSENT_REQUIRED",
        `Entra ID: nobody has consented to app ${context.clientId} using ${scopes} (AADSTS65001).`,
        {
          cause: error,
          fix: `an admin runs \`npx -y @entra-mcp/cli provision\` (or \`az ad app permission admin-consent --id ${context.clientId}\`); check that consent covers both app-only and delegated permissions.`,
        },
      );
    case 50011:
      return new SignInError(
        "REDIRECT_URI_MISMATCH",
        `Entra ID: the app ${context.clientId} has no http://localhost public-client redirect URI (AADSTS50011).`,
        {
          cause: error,
          fix: `az ad app update --id ${context.clientId} --public-client-redirect-uris http://localhost (or re-run \`npx -y @entra-mcp/cli provision\`).`,
        },
      );
    case 700024:
      return new TokenError(
        "CLOCK_SKEW",
        "Entra ID: the client assertion is outside its valid time range (AADSTS700024); this machine's clock is probably wrong.",
        {
          cause: error,
          fix: "sync the system clock (e.g. `timedatectl set-ntp true`, or Settings > Time > Sync now on Windows) and retry.",
        },
      );
    case 7000215:
      return new TokenError(
        "INVALID_CLIENT_SECRET",
        "Entra ID: the client secret is invalid (AADSTS7000215).",
        {
          cause: error,
          fix: "entra-mcp uses certificates; remove the client secret from your environment and use the Key Vault certificate.",
        },
      );
    default:
      return new TokenError(
        "TOKEN_REQUEST_FAILED",
        `Entra ID: the ${context.mode === "app" ? "app-only" : "delegated"} token request for ${scopes} failed${code ? ` (AADSTS${code})` : ""}: ${firstLine(error)}`,
        {
          cause: error,
          fix: "run `npx -y @entra-mcp/cli doctor` to check the app registration, certificate and consent.",
        },
      );
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split(/\r?\n/)[0] ?? "").slice(0, 300);
}
