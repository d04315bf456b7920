/**
 * The MSAL settings both client types share: authority and known authorities from the cloud profile,
 * and MSAL's logger routed to ours (stderr, redacted, no PII).
 */
import type { Configuration, LogLevel as MsalLogLevel } from "@azure/msal-node";
import type { AuthConfig } from "./config/load-auth-config.js";
import { log } from "./logger.js";

/** `auth` authority fields and `system.loggerOptions` for an MSAL application. */
export function msalBaseConfiguration(config: AuthConfig): Pick<Configuration, "system"> & {
  auth: { clientId: string; authority: string; knownAuthorities?: string[] };
} {
  const authorityHost = new URL(config.authority).host;
  const customAuthority = config.cloud.disableInstanceDiscovery || !config.authority.startsWith(config.cloud.authorityHost);
  return {
    auth: {
      clientId: config.clientId,
      authority: config.authority,
      // knownAuthorities is how msal-node skips instance discovery (it has no switch for it).
      ...(customAuthority ? { knownAuthorities: [authorityHost] } : {}),
    },
    system: {
      loggerOptions: {
        piiLoggingEnabled: false,
        logLevel: 1 as MsalLogLevel, // Warning
        loggerCallback: (_level, message) => log("warn", "msal", message),
      },
    },
  };
}
