/** Scopes that belong to OpenID Connect rather than to a resource's permissions. */
export const OIDC_SCOPES = new Set(["openid", "profile", "email", "offline_access"]);

/** Resource that short scope names ("User.Read") implicitly target, as in Entra. */
export const DEFAULT_SCOPE_RESOURCE = "https://graph.microsoft.com";

/** One requested resource permission, e.g. https://graph.microsoft.com/User.Read. */
export interface ResourceScope {
  /** The scope exactly as the client sent it. */
  raw: string;
  /** Resource identifier (audience URI or app id), without trailing slash. */
  resource: string;
  /** Permission name, or ".default". */
  permission: string;
}

export interface ParsedScopes {
  oidc: string[];
  resourceScopes: ResourceScope[];
}

/** Splits a space-separated scope parameter into OIDC scopes and resource permissions. */
export function parseScopes(scopeParam: string): ParsedScopes {
  const oidc: string[] = [];
  const resourceScopes: ResourceScope[] = [];
  for (const raw of scopeParam.split(/\s+/).filter(Boolean)) {
    if (OIDC_SCOPES.has(raw.toLowerCase())) {
      oidc.push(raw.toLowerCase());
      continue;
    }
    const slash = raw.lastIndexOf("/");
    // "api://x/.default" and "https://host/path/Perm" split at the last slash; "User.Read" targets Graph.
    if (slash > 0 && !raw.endsWith("://")) {
      resourceScopes.push({
        raw,
        resource: raw.slice(0, slash).replace(/\/+$/, ""),
        permission: raw.slice(slash + 1),
      });
    } else {
      resourceScopes.push({ raw, resource: DEFAULT_SCOPE_RESOURCE, permission: raw });
    }
  }
  return { oidc, resourceScopes };
}
