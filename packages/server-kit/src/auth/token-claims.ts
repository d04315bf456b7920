/**
 * The few claims of an access token worth showing (who, for which API, with which permissions, until
 * when). Decoded locally from the payload; the token itself is never returned or logged.
 */

export interface TokenSummary {
  aud: string | undefined;
  tenantId: string | undefined;
  appId: string | undefined;
  identityType: "app" | "user" | undefined;
  user: string | undefined;
  roles: string[];
  scopes: string[];
  expiresOn: string | undefined;
}

/** Summarizes a JWT access token's claims; unknown or opaque tokens give an empty summary. */
export function summarizeToken(token: string): TokenSummary {
  const claims = decodePayload(token);
  const text = (name: string) => (typeof claims[name] === "string" ? (claims[name] as string) : undefined);
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r) => typeof r === "string") : [];
  const scopes = (text("scp") ?? "").split(" ").filter(Boolean);
  const idtyp = text("idtyp");
  const exp = typeof claims.exp === "number" ? new Date(claims.exp * 1000).toISOString() : undefined;
  return {
    aud: text("aud"),
    tenantId: text("tid"),
    appId: text("appid") ?? text("azp"),
    identityType: idtyp === "app" || idtyp === "user" ? idtyp : scopes.length > 0 ? "user" : undefined,
    user: text("upn") ?? text("preferred_username") ?? text("unique_name"),
    roles,
    scopes,
    expiresOn: exp,
  };
}

function decodePayload(token: string): Record<string, unknown> {
  const payload = token.split(".")[1];
  if (!payload) return {};
  try {
    const value: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
