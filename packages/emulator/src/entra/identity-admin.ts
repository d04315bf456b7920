import type { MfaPolicy } from "../directory/conditional-access.js";
import { RESOURCE_APP_IDS } from "../directory/resource-principals.js";
import type { LoginContext } from "./login-context.js";
import type { KeyRotation } from "./token-signer.js";

/**
 * Identity admin hooks, shared by the emulator handle (in-process tests) and the login
 * origin's /_emulator routes (an emulator started by the CLI).
 */
export interface IdentityAdmin {
  /** Adds a signing key (new kid) and signs with it; the previous key stays in the JWKS until dropped. */
  rotateSigningKey(): KeyRotation;
  /** Removes a retired key from the JWKS; tokens it signed stop validating. */
  dropSigningKey(kid: string): void;
  /** The published kids, the active one first. */
  signingKeys(): { activeKid: string; kids: string[] };
  /**
   * Makes a user (upn or oid) need MFA for the given resources (default: every Microsoft
   * first-party API, so the downstream resources of OBO but not the tenant's own API).
   */
  requireMfa(user: string, resourceAppIds?: string[]): MfaPolicy;
  clearMfaRequirement(user: string): void;
}

export function identityAdmin(ctx: LoginContext): IdentityAdmin {
  const userOid = (user: string) => {
    const found = ctx.directory.findUser(user);
    if (!found) throw new Error(`no user ${user} in the emulated directory.`);
    return found.oid;
  };
  return {
    rotateSigningKey: () => ctx.signer.rotate(),
    dropSigningKey: (kid) => ctx.signer.drop(kid),
    signingKeys: () => ({ activeKid: ctx.signer.kid, kids: ctx.signer.kids }),
    requireMfa: (user, resourceAppIds = Object.values(RESOURCE_APP_IDS)) =>
      ctx.directory.conditionalAccess.requireMfa(userOid(user), resourceAppIds),
    clearMfaRequirement: (user) => ctx.directory.conditionalAccess.clear(userOid(user)),
  };
}
