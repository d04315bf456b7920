/**
 * Looks for a still-valid app-only token in the shared persisted cache before MSAL is asked.
 * Why by hand: MSAL builds the client assertion (and so needs the certificate, i.e. a Key Vault read)
 * before it consults its cache. Reading the cache first, through MSAL's own TokenCache and cache
 * plugin, lets a restarted process reuse a token with no Key Vault read and no token request.
 * The entries follow MSAL's documented unified cache schema.
 */
import type { ConfidentialClientApplication } from "@azure/msal-node";
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
  app: ConfidentialClientApplication,
  clientId: string,
  tenantId: string,
  scopes: string[],
  now = Date.now(),
): Promise<IssuedToken | undefined> {
  const cache = app.getTokenCache();
  await cache.getAllAccounts(); // runs the cache plugin: loads the shared cache under its lock
  const parsed = JSON.parse(cache.serialize()) as { AccessToken?: Record<string, MsalAccessTokenEntry> };
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
