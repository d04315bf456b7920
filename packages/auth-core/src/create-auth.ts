/**
 * `createAuth(config)`: the one object a server needs. It builds the app-only and delegated providers
 * lazily (nothing loads or touches the network until the first token is asked for), shares the
 * persistent cache between them, and reports status without ever exposing token material.
 */
import type { TokenCredential } from "@azure/identity";
import type { ICachePlugin } from "@azure/msal-node";
import type { Client } from "@microsoft/microsoft-graph-client";
import { AppOnlyProvider } from "./app-only/app-only-provider.js";
import { CertificateSource } from "./app-only/certificate-source.js";
import { createTokenCachePlugin } from "./cache/create-token-cache-plugin.js";
import { type CertificateSummary, summarizeCertificate } from "./certificate/loaded-certificate.js";
import type { AuthConfig, AuthMode } from "./config/load-auth-config.js";
import { DelegatedProvider } from "./delegated/delegated-provider.js";
import { EntraMcpError } from "./errors.js";
import { createGraphClient } from "./graph/create-graph-client.js";
import { log } from "./logger.js";
import { type IssuedToken, TokenMemo } from "./token-memo.js";

export interface CreateAuthOptions {
  /** The credential that reads Key Vault; DefaultAzureCredential when omitted. */
  credential?: TokenCredential;
  /** Deadline for an interactive or device-code sign-in (default 5 minutes). */
  signInTimeoutMs?: number;
  /** false keeps tokens in memory only (no persistent cache). */
  persistentCache?: boolean;
}

export interface AccessToken {
  accessToken: string;
  expiresOn: Date;
  scopes: string[];
  mode: AuthMode;
}

export interface AuthStatus {
  mode: AuthMode;
  tenantId: string;
  clientId: string;
  cloud: string;
  authority: string;
  /** The signed-in user (delegated) or the application (app-only). */
  principal:
    | { type: "application"; clientId: string }
    | { type: "user"; username: string | undefined; name: string | undefined }
    | undefined;
  certificate:
    | (CertificateSummary & { source: "keyvault" | "file" })
    | { source: "keyvault" | "file"; loaded: false }
    | undefined;
  tokens: { mode: AuthMode; scopes: string; expiresOn: string | undefined }[];
  cache: { persistent: true; location: string; encryption: string } | { persistent: false; reason: string };
}

export interface Auth {
  getToken(scopes: string[], options?: { mode?: AuthMode }): Promise<AccessToken>;
  getGraphClient(options?: { mode?: AuthMode; scopes?: string[] }): Promise<Client>;
  status(): Promise<AuthStatus>;
}

/** Builds the auth object for `config`; cheap, lazy, safe to call at start-up. */
export function createAuth(config: AuthConfig, options: CreateAuthOptions = {}): Auth {
  const certificates = new CertificateSource(config, options.credential);
  const memo = new TokenMemo();
  const caches = new Map<AuthMode, Promise<ICachePlugin | undefined>>();
  let cacheState: AuthStatus["cache"] = { persistent: false, reason: "not opened yet" };

  const cacheFor = (mode: AuthMode) => () => {
    let plugin = caches.get(mode);
    if (!plugin) {
      plugin = openCache(config, mode, options.persistentCache !== false).then((opened) => {
        cacheState = opened.state;
        return opened.plugin;
      });
      caches.set(mode, plugin);
    }
    return plugin;
  };

  const appOnly = new AppOnlyProvider(config, certificates, cacheFor("app"));
  const delegated = new DelegatedProvider(config, cacheFor("delegated"), {
    signInTimeoutMs: options.signInTimeoutMs ?? 300_000,
  });

  async function getToken(scopes: string[], tokenOptions: { mode?: AuthMode } = {}): Promise<AccessToken> {
    const mode = tokenOptions.mode ?? config.mode;
    if (scopes.length === 0)
      throw new EntraMcpError("TOKEN_REQUEST_FAILED", "getToken: no scopes were given.", {
        fix: 'pass at least one scope, e.g. "https://graph.microsoft.com/.default".',
      });
    const key = `${mode}|${scopes.join(" ")}`;
    const result: IssuedToken =
      memo.get(key) ?? (mode === "app" ? await appOnly.getToken(scopes) : await delegated.getToken(scopes));
    memo.set(key, result);
    return {
      accessToken: result.accessToken,
      expiresOn: result.expiresOn ?? new Date(0),
      scopes: result.scopes,
      mode,
    };
  }

  return {
    getToken,
    async getGraphClient(graphOptions = {}) {
      const mode = graphOptions.mode ?? config.mode;
      const audience = config.cloud.resources.graph?.audience ?? "https://graph.microsoft.com";
      const scopes = graphOptions.scopes ?? [`${audience}/.default`];
      return createGraphClient(config.cloud, async () => (await getToken(scopes, { mode })).accessToken);
    },
    async status() {
      const account = delegated.account;
      const loaded = certificates.loaded;
      const source = config.certificate?.source;
      return {
        mode: config.mode,
        tenantId: config.tenantId,
        clientId: config.clientId,
        cloud: config.cloud.name,
        authority: config.authority,
        principal:
          config.mode === "app"
            ? { type: "application", clientId: config.clientId }
            : account
              ? { type: "user", username: account.username, name: account.name }
              : undefined,
        certificate: source
          ? loaded
            ? { ...summarizeCertificate(loaded), source }
            : { source, loaded: false }
          : undefined,
        tokens: memo.expiries().map(({ key, expiresOn }) => {
          const [mode, scopes] = key.split("|") as [AuthMode, string];
          return { mode, scopes, expiresOn };
        }),
        cache: cacheState,
      };
    },
  };
}

async function openCache(
  config: AuthConfig,
  mode: AuthMode,
  persistent: boolean,
): Promise<{ plugin: ICachePlugin | undefined; state: AuthStatus["cache"] }> {
  if (!persistent)
    return { plugin: undefined, state: { persistent: false, reason: "disabled by the caller" } };
  try {
    const plugin = await createTokenCachePlugin({
      ...(config.cacheDir ? { cacheDir: config.cacheDir } : {}),
      name: `${config.clientId}-${mode}`,
      plaintext: config.cachePlaintext,
    });
    return { plugin, state: { persistent: true, location: plugin.location, encryption: plugin.encryption } };
  } catch (error) {
    // Never fall back to plaintext: keep tokens in memory only and say so loudly.
    const reason = error instanceof Error ? error.message : String(error);
    log("warn", "cache", `token cache is memory-only for this process: ${reason}`);
    return { plugin: undefined, state: { persistent: false, reason } };
  }
}
