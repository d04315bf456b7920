/**
 * `createOnBehalfOf(config)`: delegated tokens for the user behind an inbound request, per user and
 * per downstream resource (Graph, Power BI, Fabric, Power Platform, each Dataverse environment), by
 * MSAL's acquireTokenOnBehalfOf with the app's Key Vault certificate as the confidential credential
 * (the same CertificateSource and client assertion as app-only, and the same AADSTS700027 rotation
 * retry). Tokens are cached per user in a DistributedTokenCache (in memory by default; Redis shared
 * by replicas when configured).
 *
 * Why the cache is loaded by hand before each exchange: msal-node 7's OnBehalfOfClient looks tokens
 * up in the application's in-memory cache without calling the cache plugin (only writing a new token
 * goes through beforeCacheAccess/afterCacheAccess), so a fresh replica would never see what another
 * replica stored. TokenCache.getAllAccounts() is MSAL's public call that runs beforeCacheAccess,
 * i.e. MSAL's DistributedCachePlugin reads this user's partition; MSAL's own OBO lookup (keyed by the
 * hash of the user's assertion) then finds a token another replica obtained for the same assertion.
 */
import { createHash, randomBytes } from "node:crypto";
import type { TokenCredential } from "@azure/identity";
import type { AuthenticationResult, ConfidentialClientApplication } from "@azure/msal-node";
import { AppOnlyProvider } from "../app-only/app-only-provider.js";
import { CertificateSource } from "../app-only/certificate-source.js";
import {
  createDistributedTokenCache,
  type DistributedTokenCache,
} from "../cache/distributed/distributed-token-cache.js";
import type { AuthConfig } from "../config/load-auth-config.js";
import type { AccessToken } from "../create-auth.js";
import { CertificateError, ConfigError, EntraMcpError } from "../errors.js";
import type { InboundUser } from "../inbound/inbound-user.js";
import { log } from "../logger.js";
import { msalBaseConfiguration } from "../msal-settings.js";
import { aadstsCode } from "../token-errors.js";
import { TokenMemo } from "../token-memo.js";
import { KeyedQueue } from "./keyed-queue.js";
import { toOboError } from "./obo-errors.js";
import { reusableAssertion } from "./reusable-assertion.js";
import { UserApplications } from "./user-applications.js";

export interface OnBehalfOf {
  /** A delegated token for `user` and `scopes` (one resource); `claims` answers a claims challenge. */
  getToken(user: InboundUser, scopes: string[], options?: { claims?: string }): Promise<AccessToken>;
}

export interface OnBehalfOfOptions {
  /** Where tokens are cached per user; a process-local cache when omitted. */
  cache?: DistributedTokenCache;
  /** Reads the certificate from Key Vault; DefaultAzureCredential when omitted. */
  credential?: TokenCredential;
  /** Give app callers (inbound kind "app") this app's own app-only tokens; refused when false (default). */
  appCallers?: boolean;
  /** Most MSAL applications (one per user) kept in memory (default 1000). */
  maxUsersInMemory?: number;
}

const ROTATED_KEY = 700027;

export function createOnBehalfOf(config: AuthConfig, options: OnBehalfOfOptions = {}): OnBehalfOf {
  if (!config.certificate)
    throw new ConfigError(
      "CONFIG_INVALID",
      "ENTRA_MCP_KEYVAULT_URL: hosted mode (On-Behalf-Of) signs in to Entra ID as the app with its certificate, but none is configured.",
      {
        fix: "set ENTRA_MCP_KEYVAULT_URL and ENTRA_MCP_CERT_NAME (the certificate `npx -y @entra-mcp/cli provision` created).",
      },
    );
  const certificates = new CertificateSource(config, options.credential);
  const queue = new KeyedQueue();
  // The hot path of a hosted replica: a user's token for a resource, reused from memory until 5 minutes
  // before expiry, keyed like MSAL's own OBO lookup (the user's assertion and the scopes). Without it
  // every request read and decrypted the user's cache partition and ran MSAL's cache search: ~0.35 ms
  // of a ~5 ms warm call (CPU profile of graph --http). Another replica's tokens are still found on
  // this replica's first call for that assertion, through the partition read below.
  const memo = new TokenMemo((options.maxUsersInMemory ?? 1000) * 4);
  const assertion = reusableAssertion(() => certificates.get(), { sendX5c: config.sendX5c });
  let cache: Promise<DistributedTokenCache> | undefined;
  const cacheOf = () => {
    cache ??= options.cache
      ? Promise.resolve(options.cache)
      : // A process-local cache, sealed with a key that lives and dies with this process.
        createDistributedTokenCache({ encryptionKey: randomBytes(32) });
    return cache;
  };
  const apps = new UserApplications(async (partition) => {
    const { ConfidentialClientApplication } = await import("@azure/msal-node");
    const base = msalBaseConfiguration(config);
    return new ConfidentialClientApplication({
      ...base,
      auth: {
        ...base.auth,
        clientAssertion: assertion.callback,
      },
      cache: {
        cachePlugin: (await cacheOf()).pluginFor({ clientId: config.clientId, mode: "obo", id: partition }),
      },
    });
  }, options.maxUsersInMemory);
  let appOnly: AppOnlyProvider | undefined;

  async function exchange(
    app: ConfidentialClientApplication,
    user: InboundUser,
    scopes: string[],
    claims?: string,
  ) {
    const result: AuthenticationResult | null = await app.acquireTokenOnBehalfOf({
      oboAssertion: user.assertion,
      scopes,
      ...(claims ? { claims } : {}),
    });
    if (!result?.accessToken)
      throw new EntraMcpError(
        "TOKEN_REQUEST_FAILED",
        "Entra ID returned no token for the On-Behalf-Of exchange.",
        {
          fix: "retry; if it persists run `npx -y @entra-mcp/cli doctor`.",
        },
      );
    return result;
  }

  async function withRotation(
    app: ConfidentialClientApplication,
    user: InboundUser,
    scopes: string[],
    claims?: string,
  ) {
    try {
      return await exchange(app, user, scopes, claims);
    } catch (error) {
      if (aadstsCode(error) !== ROTATED_KEY || config.certificate?.source !== "keyvault") throw error;
      const used = certificates.loaded?.thumbprint ?? "unknown";
      const fresh = await certificates.reload();
      assertion.forget();
      log(
        "warn",
        "obo",
        `Entra ID rejected certificate ${used} (AADSTS700027); retrying once with vault version ${fresh.version} (${fresh.thumbprint}).`,
      );
      if (fresh.thumbprint === used) throw rotationError(config, used, fresh.thumbprint, error);
      try {
        return await exchange(app, user, scopes, claims);
      } catch (again) {
        if (aadstsCode(again) === ROTATED_KEY) throw rotationError(config, used, fresh.thumbprint, again);
        throw again;
      }
    }
  }

  return {
    async getToken(user, scopes, tokenOptions = {}) {
      if (scopes.length === 0)
        throw new EntraMcpError("TOKEN_REQUEST_FAILED", "On-Behalf-Of: no scopes were given.", {
          fix: 'pass the downstream resource\'s scope, e.g. "https://graph.microsoft.com/.default".',
        });
      if (user.kind === "app") return appCallerToken(user, scopes);
      const partition = `${user.oid}.${user.tid}`.toLowerCase();
      const who = user.username ?? `user ${user.oid}`;
      const memoKey = `${partition} ${createHash("sha256").update(user.assertion).digest("base64url")} ${scopes.join(" ")}`;
      const remembered = tokenOptions.claims ? undefined : memo.get(memoKey);
      if (remembered) return delegatedToken(remembered);
      return queue.run(partition, async () => {
        const app = await apps.get(partition);
        await app.getTokenCache().getAllAccounts(); // loads this user's partition (see the header)
        try {
          const result = await withRotation(app, user, scopes, tokenOptions.claims);
          memo.set(memoKey, result);
          return delegatedToken(result);
        } catch (error) {
          if (error instanceof CertificateError) throw error;
          throw toOboError(error, {
            clientId: config.clientId,
            tenantId: config.tenantId,
            authority: config.authority,
            scopes,
            who,
          });
        }
      });
    },
  };

  async function appCallerToken(user: InboundUser, scopes: string[]): Promise<AccessToken> {
    if (!options.appCallers)
      throw new EntraMcpError(
        "MODE_UNSUPPORTED",
        `An app (service principal ${user.oid}) called this server as itself, and app callers get no downstream tokens here: On-Behalf-Of needs a signed-in user.`,
        {
          fix: "call as a signed-in user, or the operator enables app callers (app-only tokens with this server's own permissions).",
        },
      );
    appOnly ??= new AppOnlyProvider(config, certificates, async () => undefined);
    const result = await appOnly.getToken(scopes);
    return {
      accessToken: result.accessToken,
      expiresOn: result.expiresOn ?? new Date(0),
      scopes: result.scopes,
      mode: "app",
    };
  }
}

function rotationError(config: AuthConfig, used: string, fresh: string, cause: unknown): CertificateError {
  return new CertificateError(
    "CERTIFICATE_MISMATCH",
    `Entra ID does not accept the vault certificate for app ${config.clientId} (AADSTS700027): signed with ${used}, then with the vault's newest ${fresh}; neither is registered on the app.`,
    {
      cause,
      fix: "run `npx -y @entra-mcp/cli rotate` (or `npx -y @entra-mcp/cli provision`) to register the vault's certificate on the app registration.",
    },
  );
}

function delegatedToken(result: {
  accessToken: string;
  expiresOn: Date | null;
  scopes: string[];
}): AccessToken {
  return {
    accessToken: result.accessToken,
    expiresOn: result.expiresOn ?? new Date(0),
    scopes: result.scopes,
    mode: "delegated",
  };
}
