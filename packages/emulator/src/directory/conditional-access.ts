import { nameBasedGuid } from "../ids.js";

/** One user's "require multifactor authentication" Conditional Access policy. */
export interface MfaPolicy {
  /** The policy id, what claims challenges name in capolids. */
  id: string;
  userOid: string;
  /** Resource app ids the policy covers. */
  resourceAppIds: string[];
}

/**
 * Conditional Access, reduced to what hosted mode meets: a policy that makes a user do MFA
 * before getting a token for some resources. A sign-in without MFA (password, refresh token,
 * or an OBO assertion whose amr lacks "mfa") is answered with AADSTS50076 and a claims
 * challenge; an interactive sign-in performs the MFA.
 */
export class ConditionalAccess {
  private readonly policies = new Map<string, MfaPolicy>();

  /** Requires MFA of the user for the given resources (replaces an earlier policy for that user). */
  requireMfa(userOid: string, resourceAppIds: string[]): MfaPolicy {
    const policy: MfaPolicy = {
      id: nameBasedGuid("entra-mcp-emulator-ca-policy", userOid),
      userOid,
      resourceAppIds: resourceAppIds.map((id) => id.toLowerCase()),
    };
    this.policies.set(userOid, policy);
    return policy;
  }

  clear(userOid: string): void {
    this.policies.delete(userOid);
  }

  /** The policy that applies to this user and resource, if any. */
  policyFor(userOid: string, resourceAppId: string): MfaPolicy | undefined {
    const policy = this.policies.get(userOid);
    return policy?.resourceAppIds.includes(resourceAppId.toLowerCase()) ? policy : undefined;
  }
}
