/**
 * What of MSAL's serialized cache (its documented JSON schema: Account, IdToken, AccessToken,
 * RefreshToken, AppMetadata) goes to the shared store: access tokens that are still valid, and
 * nothing long-lived. Refresh tokens are dropped on purpose: msal-node's On-Behalf-Of lookup never
 * redeems them (a new user assertion means a new exchange), and a 90-day refresh token at rest in a
 * shared Redis is the one thing worth stealing there. Expired access tokens are dropped so a user's
 * partition does not grow with every new inbound token.
 */
export function slimForStorage(serialized: string): string {
  let cache: Record<string, Record<string, Record<string, unknown>> | undefined>;
  try {
    cache = JSON.parse(serialized);
  } catch {
    return serialized;
  }
  const now = Math.floor(Date.now() / 1000);
  const tokens = cache.AccessToken ?? {};
  for (const [id, token] of Object.entries(tokens)) {
    if (Number(token.expires_on ?? 0) <= now) delete tokens[id];
  }
  cache.RefreshToken = {};
  return JSON.stringify(cache);
}
