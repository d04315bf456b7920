import { createPrivateKey, type KeyObject } from "node:crypto";
import {
  compactVerify,
  decodeProtectedHeader,
  exportJWK,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from "jose";
import { createSelfSignedCertificate } from "../certs/certificate-material.js";

/** A JSON Web Key as Entra publishes it at /discovery/v2.0/keys. */
export interface PublishedJwk extends JWK {
  kid: string;
  x5t: string;
  x5c: string[];
  issuer: string;
}

/** One signing key with its certificate; like Entra's, kid equals the certificate's x5t. */
interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  certificateDerBase64: string;
}

/** What a rotation did, for admin hooks and tests. */
export interface KeyRotation {
  /** The new active key. */
  kid: string;
  /** The key that signed until now; still published (and still verifying) until dropped. */
  previousKid: string;
}

function newSigningKey(): SigningKey {
  const material = createSelfSignedCertificate({
    subject: "CN=accounts.emulator.entra-mcp.test",
    validityMonths: 12,
  });
  return {
    kid: material.x5t,
    privateKey: createPrivateKey(material.privateKeyPem),
    publicKey: material.publicKey,
    certificateDerBase64: material.derBase64,
  };
}

/**
 * The emulator's token signing keys. One key signs; every published key verifies. Rotation
 * follows Entra's rollover: a new key becomes the signing key while the previous one stays
 * in the JWKS (so tokens it signed keep validating) until it is dropped.
 */
export class TokenSigner {
  private readonly keys: SigningKey[];

  private constructor(first: SigningKey) {
    this.keys = [first];
  }

  static create(): TokenSigner {
    return new TokenSigner(newSigningKey());
  }

  /** The kid of the key that signs new tokens. */
  get kid(): string {
    return this.active.kid;
  }

  /** Every published kid, the active one first. */
  get kids(): string[] {
    return this.keys.map((k) => k.kid);
  }

  private get active(): SigningKey {
    return this.keys[0] as SigningKey;
  }

  /** Adds a new key and makes it the signing key; the previous one stays published. */
  rotate(): KeyRotation {
    const previousKid = this.active.kid;
    const next = newSigningKey();
    this.keys.unshift(next);
    return { kid: next.kid, previousKid };
  }

  /** Stops publishing (and accepting) a retired key. The active key cannot be dropped. */
  drop(kid: string): void {
    const index = this.keys.findIndex((k) => k.kid === kid);
    if (index < 0) throw new Error(`token signer: no signing key with kid ${kid}.`);
    if (index === 0)
      throw new Error(`token signer: ${kid} is the active signing key; rotate first, then drop it.`);
    this.keys.splice(index, 1);
  }

  async jwks(issuer: string): Promise<{ keys: PublishedJwk[] }> {
    const keys = await Promise.all(
      this.keys.map(async (key): Promise<PublishedJwk> => {
        const jwk = await exportJWK(key.publicKey);
        return {
          kty: "RSA",
          use: "sig",
          kid: key.kid,
          x5t: key.kid,
          n: jwk.n,
          e: jwk.e,
          x5c: [key.certificateDerBase64],
          issuer,
        };
      }),
    );
    return { keys };
  }

  sign(claims: JWTPayload): Promise<string> {
    const key = this.active;
    return new SignJWT(claims)
      .setProtectedHeader({ typ: "JWT", alg: "RS256", x5t: key.kid, kid: key.kid })
      .sign(key.privateKey);
  }

  /**
   * Verifies signature (with the published key the header's kid names) and lifetime
   * (against `now`); returns the claims or undefined.
   */
  async verify(token: string, now: Date): Promise<JWTPayload | undefined> {
    const key = this.keyFor(token);
    if (!key) return undefined;
    try {
      const { payload } = await jwtVerify(token, key.publicKey, { algorithms: ["RS256"], currentDate: now });
      return payload;
    } catch {
      return undefined;
    }
  }

  /** True when the token's header names a published key and the signature checks out (lifetime ignored). */
  async hasValidSignature(token: string): Promise<boolean> {
    const key = this.keyFor(token);
    if (!key) return false;
    try {
      // compactVerify checks the JWS signature only; the caller judges the claims.
      await compactVerify(token, key.publicKey, { algorithms: ["RS256"] });
      return true;
    } catch {
      return false;
    }
  }

  /** True when the token's header names a key the JWKS publishes (whatever its signature). */
  publishesKeyOf(token: string): boolean {
    return this.keyFor(token) !== undefined;
  }

  private keyFor(token: string): SigningKey | undefined {
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(token).kid;
    } catch {
      return undefined;
    }
    return this.keys.find((k) => k.kid === kid);
  }
}
