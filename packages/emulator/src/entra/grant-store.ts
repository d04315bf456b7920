import { randomInt } from "node:crypto";
import { opaqueToken } from "../ids.js";

/** An authorization code issued by /authorize, waiting to be redeemed once. */
export interface AuthorizationCodeGrant {
  clientId: string;
  userOid: string;
  redirectUri: string;
  scope: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  nonce?: string;
  /** How the user authenticated on the sign-in page ("mfa" after a step-up). */
  amr: string[];
  expiresAtMs: number;
  redeemed: boolean;
}

/** A refresh token: multi-resource, bound to client and user, valid until revoked. */
export interface RefreshTokenGrant {
  clientId: string;
  userOid: string;
  /** The session's authentication methods, carried into every token refreshed from it. */
  amr: string[];
  revoked: boolean;
}

/** A pending device code flow. */
export interface DeviceCodeGrant {
  deviceCode: string;
  userCode: string;
  clientId: string;
  scope: string;
  expiresAtMs: number;
  /** Set once someone signs in on the device login page. */
  approvedUserOid?: string;
  redeemed: boolean;
}

// Unambiguous characters for user codes people type (no 0/O, 1/I).
const USER_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** The token service's short-lived state: codes, refresh tokens, device codes, seen assertion ids. */
export class GrantStore {
  private readonly codes = new Map<string, AuthorizationCodeGrant>();
  private readonly refreshTokens = new Map<string, RefreshTokenGrant>();
  private readonly deviceCodes = new Map<string, DeviceCodeGrant>();
  private readonly usedJtis = new Map<string, number>();

  issueCode(grant: Omit<AuthorizationCodeGrant, "redeemed">): string {
    const code = `1.${opaqueToken(48)}`;
    this.codes.set(code, { ...grant, redeemed: false });
    return code;
  }

  getCode(code: string): AuthorizationCodeGrant | undefined {
    return this.codes.get(code);
  }

  issueRefreshToken(clientId: string, userOid: string, amr: string[] = ["pwd"]): string {
    const token = `1.${opaqueToken(64)}`;
    this.refreshTokens.set(token, { clientId, userOid, amr: [...amr], revoked: false });
    return token;
  }

  getRefreshToken(token: string): RefreshTokenGrant | undefined {
    return this.refreshTokens.get(token);
  }

  /** Revokes every refresh token of a user (optionally only those of one client), like revokeSignInSessions. */
  revokeRefreshTokens(userOid: string, clientId?: string): number {
    let count = 0;
    for (const grant of this.refreshTokens.values()) {
      if (grant.userOid === userOid && (!clientId || grant.clientId === clientId) && !grant.revoked) {
        grant.revoked = true;
        count += 1;
      }
    }
    return count;
  }

  issueDeviceCode(clientId: string, scope: string, expiresAtMs: number): DeviceCodeGrant {
    const grant: DeviceCodeGrant = {
      deviceCode: opaqueToken(48),
      userCode: userCode(),
      clientId,
      scope,
      expiresAtMs,
      redeemed: false,
    };
    this.deviceCodes.set(grant.deviceCode, grant);
    return grant;
  }

  getDeviceCode(deviceCode: string): DeviceCodeGrant | undefined {
    return this.deviceCodes.get(deviceCode);
  }

  findByUserCode(code: string): DeviceCodeGrant | undefined {
    const wanted = code.trim().toUpperCase();
    return [...this.deviceCodes.values()].find((g) => g.userCode === wanted);
  }

  /** Records an assertion id; returns false when it was already seen and has not expired. */
  rememberJti(jti: string, expSeconds: number, nowSeconds: number): boolean {
    for (const [id, exp] of this.usedJtis) if (exp < nowSeconds - 600) this.usedJtis.delete(id);
    if (this.usedJtis.has(jti)) return false;
    this.usedJtis.set(jti, expSeconds);
    return true;
  }
}

function userCode(): string {
  let code = "";
  while (code.length < 9) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  return code;
}
