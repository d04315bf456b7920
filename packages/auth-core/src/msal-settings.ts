/**
 * The MSAL settings both client types share: authority and known authorities from the cloud profile,
 * MSAL's logger routed to ours (stderr, redacted, no PII), and an HTTP client with a deadline.
 */
import type { Configuration, LogLevel as MsalLogLevel } from "@azure/msal-node";
import type { AuthConfig } from "./config/load-auth-config.js";
import { log } from "./logger.js";
import { timedNetworkClient } from "./network/timed-network-client.js";

/** `auth` authority fields and `system.loggerOptions` for an MSAL application. */
export function msalBaseConfiguration(config: AuthConfig): Pick<Configuration, "system"> & {
  auth: { clientId: string; authority: string; knownAuthorities?: string[]; authorityMetadata?: string };
} {
  const authorityHost = new URL(config.authority).host;
  const customAuthority =
    config.cloud.disableInstanceDiscovery || !config.authority.startsWith(config.cloud.authorityHost);
  return {
    auth: {
      clientId: config.clientId,
      authority: config.authority,
      // knownAuthorities is how msal-node skips instance discovery (it has no switch for it).
      ...(customAuthority ? { knownAuthorities: [authorityHost] } : {}),
      // MSAL ships metadata for the public clouds; for a custom cloud it would GET the OpenID
      // configuration once per process, even when every token is in the cache. Entra's v2 endpoint
      // layout is fixed, so we state it and a restart with a warm cache makes no request at all.
      ...(config.cloud.disableInstanceDiscovery && config.authority.startsWith(config.cloud.authorityHost)
        ? { authorityMetadata: JSON.stringify(entraV2Metadata(config.authority)) }
        : {}),
    },
    system: {
      // Token requests (and MSAL's discovery GETs) give up at ENTRA_MCP_AUTH_TIMEOUT_SECONDS.
      networkClient: timedNetworkClient(config.networkTimeoutMs),
      loggerOptions: {
        piiLoggingEnabled: false,
        // MSAL's warnings are routine (e.g. "No client info in response" for every app-only token):
        // show only its errors unless the user asked for debug output.
        logLevel: (process.env.ENTRA_MCP_LOG_LEVEL === "debug" ? 2 : 0) as MsalLogLevel, // Info : Error
        loggerCallback: (level, message) => log(level === 0 ? "error" : "debug", "msal", message),
      },
    },
  };
}

/** The OpenID metadata Entra ID publishes for `authority` (https://host/tenant), v2 endpoints. */
function entraV2Metadata(authority: string): Record<string, string> {
  return {
    issuer: `${authority}/v2.0`,
    authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
    token_endpoint: `${authority}/oauth2/v2.0/token`,
    device_authorization_endpoint: `${authority}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
    jwks_uri: `${authority}/discovery/v2.0/keys`,
  };
}
