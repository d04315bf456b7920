import type { EmulatorClock } from "../clock.js";
import type { TokenSigner } from "./token-signer.js";

/** Claims of an access token the emulator issued (v1.0 shape). */
export interface EmulatorAccessTokenClaims {
  aud: string;
  iss: string;
  tid: string;
  oid: string;
  sub: string;
  iat: number;
  nbf: number;
  exp: number;
  ver: string;
  idtyp: "app" | "user";
  appid?: string;
  azp?: string;
  appidacr?: string;
  roles?: string[];
  scp?: string;
  upn?: string;
  name?: string;
  [claim: string]: unknown;
}

/** Checks an emulator-issued access token: signature and lifetime against the emulator clock. */
export type AccessTokenVerifier = (token: string) => Promise<EmulatorAccessTokenClaims | undefined>;

export function createAccessTokenVerifier(signer: TokenSigner, clock: EmulatorClock): AccessTokenVerifier {
  return async (token) => {
    const payload = await signer.verify(token, clock.now());
    if (!payload || typeof payload.aud !== "string" || typeof payload.oid !== "string") return undefined;
    return payload as EmulatorAccessTokenClaims;
  };
}
