/**
 * Looks for a still-valid app-only token in the shared persisted cache before MSAL is asked.
 * Why by hand: MSAL builds the client assertion (and so needs the certificate, i.e. a Key Vault read)
 * before it consults its cache. Reading the cache first, through MSAL's own TokenCache and cache
 * plugin, lets a restarted process reuse a token with no Key Vault read and no token request.
 * It runs before MSAL is even loaded: the plugin is asked for one read access, as MSAL would ask it,
 * with a context that only takes the data (so a restart on a cached token never loads MSAL's chunk).
 * The entries follow MSAL's documented unified cache schema.
 */
import type { ICachePlugin, TokenCacheContext } from "@azure/msal-node";
import { EMPTY_MSAL_CACHE } from "../cache/token-cache-plugin.js";
import type { IssuedToken } from "../token-memo.js";

interface MsalAccessTokenEntry {
  credential_type?: string;
  home_account_id?: string;
  client_id?: string;
  realm?: string;
  target?: string;
  secret?: string;
  expires_on?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REFRESH_BUFFER_MS = 5 * 60 * 1000;

/** A cached app token for `scopes` with more than 5 minutes left, or undefined. */
export async function findPersistedAppToken(
  plugin: ICachePlugin,
  clientId: string,
  tenantId: string,
  scopes: string[],
  now = Date.now(),
): Promise<IssuedToken | undefined> {
  const parsed = JSON.parse(await readPersistedCache(plugin)) as {
    AccessToken?: Record<string, MsalAccessTokenEntry>;
  };
  const wanted = scopes.map((scope) => scope.toLowerCase());
  for (const entry of Object.values(parsed.AccessToken ?? {})) {
    if (entry.credential_type !== "AccessToken" || entry.home_account_id || entry.client_id !== clientId)
      continue;
    if (GUID.test(tenantId) && entry.realm && entry.realm.toLowerCase() !== tenantId.toLowerCase()) continue;
    const target = (entry.target ?? "").toLowerCase().split(" ");
    if (!wanted.every((scope) => target.includes(scope))) continue;
    const expiresOn = Number(entry.expires_on) * 1000;
    if (!entry.secret || !(expiresOn - now > REFRESH_BUFFER_MS)) continue;
    return {
      accessToken: entry.secret,
      expiresOn: new Date(expiresOn),
      scopes: (entry.target ?? "").split(" "),
    };
  }
  return undefined;
}

/** One read access through the plugin (lock, load, release), keeping what it hands to the cache. */
async function readPersistedCache(plugin: ICachePlugin): Promise<string> {
  let data: string | undefined;
  const context = {
    cacheHasChanged: false,
    tokenCache: {
      deserialize: (text: string) => {
        data = text;
      },
      serialize: () => data ?? EMPTY_MSAL_CACHE,
    },
  } as unknown as TokenCacheContext;
  await plugin.beforeCacheAccess(context);
  await plugin.afterCacheAccess(context);
  // The plugin hands over only JSON objects (anything else is quarantined before deserialize).
  return data ?? EMPTY_MSAL_CACHE;
}
