import { forbiddenByRbac, type RbacCaller, unauthorized } from "./key-vault-errors.js";
import type { KeyVaultState } from "./key-vault-state.js";

/** The access-token claims Key Vault looks at. */
export interface AccessTokenClaims {
  aud: string;
  tid: string;
  oid: string;
  appid?: string;
  azp?: string;
  roles?: string[];
  scp?: string;
  [k: string]: unknown;
}

/** What the Key Vault routes need from the Entra ID part of the emulator. */
export interface KeyVaultDeps {
  tenantId: string;
  /** e.g. https://127.0.0.1:PORT — used in the 401 challenge authorization="<loginOrigin>/<tenantId>". */
  loginOrigin: string;
  /** Verifies a bearer token (signature, exp); returns claims or undefined if invalid. Provided by the Entra part. */
  verifyAccessToken(token: string): Promise<AccessTokenClaims | undefined>;
}

// Key Vault accepts its resource URI with or without the slash, and its first-party app id.
const VAULT_AUDIENCES = new Set([
  "https://vault.azure.net",
  "https://vault.azure.net/",
  "cfa8b339-82a2-471a-a3c9-0fc0be7a4093",
]);

export type AuthResult = { ok: true; claims: AccessTokenClaims } | { ok: false; response: Response };

/** Validates the bearer token like the service: presence, signature/lifetime, audience, tenant. */
export async function authenticate(
  authorization: string | undefined,
  deps: KeyVaultDeps,
): Promise<AuthResult> {
  const deny = (message: string): AuthResult => ({
    ok: false,
    response: unauthorized(message, deps.loginOrigin, deps.tenantId),
  });
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match?.[1]) return deny("AKV10000: Request is missing a Bearer or PoP token.");

  let claims: AccessTokenClaims | undefined;
  try {
    claims = await deps.verifyAccessToken(match[1]);
  } catch {
    claims = undefined;
  }
  if (!claims) return deny("Token validation failed: the signature is invalid or the token has expired.");

  const audiences = Array.isArray(claims.aud) ? (claims.aud as unknown[]) : [claims.aud];
  if (!audiences.some((a) => typeof a === "string" && VAULT_AUDIENCES.has(a))) {
    return deny(
      `AKV10022: Invalid audience. Expected https://vault.azure.net, found: ${audiences.join(",")}.`,
    );
  }
  if (claims.tid !== deps.tenantId) {
    return deny(
      `AKV10032: Invalid issuer. Expected one of https://sts.windows.net/${deps.tenantId}/, ` +
        `https://login.microsoftonline.com/${deps.tenantId}/v2.0, found: ${issuerOf(claims)}.`,
    );
  }
  if (typeof claims.oid !== "string" || claims.oid.length === 0) {
    return deny("Token validation failed: the token has no oid claim.");
  }
  return { ok: true, claims };
}

/** Checks the caller's role assignments for a data action; returns the 403 to send when denied. */
export function authorize(
  vault: KeyVaultState,
  claims: AccessTokenClaims,
  action: string,
  resource: string,
): Response | undefined {
  if (vault.allowsDataAction(claims.oid, action)) return undefined;
  const appid = typeof claims.appid === "string" ? claims.appid : claims.azp;
  const caller: RbacCaller = { oid: claims.oid, iss: issuerOf(claims), ...(appid ? { appid } : {}) };
  return forbiddenByRbac(vault, caller, action, resource);
}

function issuerOf(claims: AccessTokenClaims): string {
  return typeof claims.iss === "string" ? claims.iss : `https://sts.windows.net/${claims.tid}/`;
}
