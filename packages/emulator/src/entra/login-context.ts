import type { DirectoryState } from "../directory/directory-state.js";
import type { GrantStore } from "./grant-store.js";
import type { TokenFactory } from "./token-factory.js";
import type { TokenSigner } from "./token-signer.js";

/** Everything the Entra ID routes share. */
export interface LoginContext {
  directory: DirectoryState;
  grants: GrantStore;
  tokens: TokenFactory;
  signer: TokenSigner;
  /** e.g. https://127.0.0.1:50123 */
  loginOrigin: string;
  /** How long device codes stay valid. */
  deviceCodeLifetimeSeconds: number;
}

/** Token endpoint URLs a client assertion's aud may name (tenant id or domain in the path), plus the issuer. */
export function acceptedAssertionAudiences(ctx: LoginContext): string[] {
  const { tenantId, defaultDomain } = ctx.directory.tenant;
  return [tenantId, defaultDomain]
    .flatMap((t) => [`${ctx.loginOrigin}/${t}/oauth2/v2.0/token`, `${ctx.loginOrigin}/${t}/oauth2/token`])
    .concat(ctx.tokens.v2Issuer);
}
