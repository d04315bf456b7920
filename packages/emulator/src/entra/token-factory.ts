import { createHash } from "node:crypto";
import type { JWTPayload } from "jose";
import type { DirectoryState } from "../directory/directory-state.js";
import type { DirectoryUser, ServicePrincipal } from "../directory/directory-types.js";
import { opaqueToken } from "../ids.js";
import type { TokenSigner } from "./token-signer.js";

/** How the client authenticated: Entra's appidacr (0 public, 1 secret, 2 certificate). */
export type ClientAuthMethod = "none" | "secret" | "certificate";

const APPIDACR: Record<ClientAuthMethod, string> = { none: "0", secret: "1", certificate: "2" };

export interface IssuedToken {
  token: string;
  expiresIn: number;
}

/**
 * Mints the emulator's access tokens — v1.0 (what Graph, Key Vault and the other first-party
 * APIs receive) or v2.0 (what an API with requestedAccessTokenVersion 2 receives) — and ID
 * tokens (v2.0).
 */
export class TokenFactory {
  constructor(
    private readonly signer: TokenSigner,
    private readonly directory: DirectoryState,
    private readonly loginOrigin: string,
    private readonly accessTokenLifetimeSeconds: number,
  ) {}

  private get stsIssuer(): string {
    return `https://sts.windows.net/${this.directory.tenant.tenantId}/`;
  }

  /** The v2.0 issuer in OIDC metadata and ID tokens; shares the authority's scheme/host/port. */
  get v2Issuer(): string {
    return `${this.loginOrigin}/${this.directory.tenant.tenantId}/v2.0`;
  }

  async appAccessToken(input: {
    audience: string;
    clientSp: ServicePrincipal;
    roles: string[];
    auth: ClientAuthMethod;
    version?: 1 | 2;
  }): Promise<IssuedToken> {
    // v2.0 tokens name the client azp/azpacr only; v1.0 tokens carry appid/appidacr too.
    const client =
      input.version === 2
        ? { azp: input.clientSp.appId, azpacr: APPIDACR[input.auth] }
        : { appid: input.clientSp.appId, appidacr: APPIDACR[input.auth], azp: input.clientSp.appId };
    const claims: JWTPayload = {
      ...this.commonClaims(input.audience, input.version ?? 1),
      ...client,
      idtyp: "app",
      oid: input.clientSp.objectId,
      sub: input.clientSp.objectId,
      // Entra omits `roles` entirely when nothing is consented, rather than sending [].
      ...(input.roles.length ? { roles: [...input.roles] } : {}),
    };
    return { token: await this.signer.sign(claims), expiresIn: this.accessTokenLifetimeSeconds };
  }

  async userAccessToken(input: {
    audience: string;
    clientId: string;
    user: DirectoryUser;
    scopes: string[];
    auth: ClientAuthMethod;
    version?: 1 | 2;
    /** How the user authenticated (default ["pwd"]); ["pwd", "mfa"] after MFA. */
    amr?: string[];
  }): Promise<IssuedToken> {
    const { user } = input;
    const amr = input.amr ?? ["pwd"];
    if (input.version === 2) {
      // The v2.0 access token: no appid/upn/unique_name; preferred_username and azp instead.
      const claims: JWTPayload = {
        ...this.commonClaims(input.audience, 2),
        amr,
        azp: input.clientId,
        azpacr: APPIDACR[input.auth],
        name: user.displayName,
        oid: user.oid,
        preferred_username: user.upn,
        scp: input.scopes.join(" "),
        sub: pairwiseSubject(user.oid, input.audience),
      };
      return { token: await this.signer.sign(claims), expiresIn: this.accessTokenLifetimeSeconds };
    }
    const claims: JWTPayload = {
      ...this.commonClaims(input.audience, 1),
      acr: "1",
      amr,
      appid: input.clientId,
      appidacr: APPIDACR[input.auth],
      azp: input.clientId,
      ...(user.surname ? { family_name: user.surname } : {}),
      ...(user.givenName ? { given_name: user.givenName } : {}),
      idtyp: "user",
      name: user.displayName,
      oid: user.oid,
      scp: input.scopes.join(" "),
      sub: pairwiseSubject(user.oid, input.audience),
      unique_name: user.upn,
      upn: user.upn,
    };
    return { token: await this.signer.sign(claims), expiresIn: this.accessTokenLifetimeSeconds };
  }

  /** The ID token MSAL builds its account from (it never verifies the signature, but we sign anyway). */
  idToken(input: { clientId: string; user: DirectoryUser; nonce?: string }): Promise<string> {
    const now = this.directory.clock.nowSeconds();
    const { user } = input;
    const claims: JWTPayload = {
      aud: input.clientId,
      iss: this.v2Issuer,
      iat: now,
      nbf: now,
      exp: now + 3600,
      name: user.displayName,
      ...(input.nonce ? { nonce: input.nonce } : {}),
      oid: user.oid,
      preferred_username: user.upn,
      rh: opaqueToken(12),
      sub: pairwiseSubject(user.oid, input.clientId),
      tid: this.directory.tenant.tenantId,
      uti: opaqueToken(16),
      ver: "2.0",
    };
    return this.signer.sign(claims);
  }

  /** client_info: base64url({uid, utid}); MSAL derives homeAccountId "uid.utid" from it. */
  clientInfo(user: DirectoryUser): string {
    return Buffer.from(JSON.stringify({ uid: user.oid, utid: this.directory.tenant.tenantId })).toString(
      "base64url",
    );
  }

  private commonClaims(audience: string, version: 1 | 2): JWTPayload {
    const now = this.directory.clock.nowSeconds();
    return {
      aud: audience,
      iss: version === 2 ? this.v2Issuer : this.stsIssuer,
      iat: now,
      nbf: now,
      exp: now + this.accessTokenLifetimeSeconds,
      aio: opaqueToken(24),
      // v2.0 tokens carry idp only for guests (a different issuer); v1.0 always.
      ...(version === 2 ? {} : { idp: this.stsIssuer }),
      rh: opaqueToken(12),
      tid: this.directory.tenant.tenantId,
      uti: opaqueToken(16),
      ver: version === 2 ? "2.0" : "1.0",
    };
  }
}

/** Entra's `sub` is pairwise: stable per user and app/resource, different across them. */
function pairwiseSubject(oid: string, audience: string): string {
  return createHash("sha256").update(`${oid}|${audience}`).digest("base64url").slice(0, 43);
}
