import { createPrivateKey, type KeyObject } from "node:crypto";
import { exportJWK, type JWK, type JWTPayload, jwtVerify, SignJWT } from "jose";
import { createSelfSignedCertificate } from "../certs/certificate-material.js";

/** A JSON Web Key as Entra publishes it at /discovery/v2.0/keys. */
export interface PublishedJwk extends JWK {
  kid: string;
  x5t: string;
  x5c: string[];
  issuer: string;
}

/**
 * The emulator's token signing key. Like Entra's, it comes with a certificate, the
 * JWKS entry carries x5c/x5t, and kid equals x5t.
 */
export class TokenSigner {
  private constructor(
    private readonly privateKey: KeyObject,
    private readonly publicKey: KeyObject,
    readonly kid: string,
    private readonly certificateDerBase64: string,
  ) {}

  static create(): TokenSigner {
    const material = createSelfSignedCertificate({
      subject: "CN=accounts.emulator.entra-mcp.test",
      validityMonths: 12,
    });
    return new TokenSigner(
      createPrivateKey(material.privateKeyPem),
      material.publicKey,
      material.x5t,
      material.derBase64,
    );
  }

  async jwks(issuer: string): Promise<{ keys: PublishedJwk[] }> {
    const jwk = await exportJWK(this.publicKey);
    return {
      keys: [
        {
          kty: "RSA",
          use: "sig",
          kid: this.kid,
          x5t: this.kid,
          n: jwk.n,
          e: jwk.e,
          x5c: [this.certificateDerBase64],
          issuer,
        },
      ],
    };
  }

  sign(claims: JWTPayload): Promise<string> {
    return new SignJWT(claims)
      .setProtectedHeader({ typ: "JWT", alg: "RS256", x5t: this.kid, kid: this.kid })
      .sign(this.privateKey);
  }

  /** Verifies signature and lifetime (against `now`); returns the claims or undefined. */
  async verify(token: string, now: Date): Promise<JWTPayload | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.publicKey, { algorithms: ["RS256"], currentDate: now });
      return payload;
    } catch {
      return undefined;
    }
  }
}
