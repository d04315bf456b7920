/**
 * MSAL's `clientAssertion` callback, reusing a signed assertion for a few minutes. msal-node builds
 * the client assertion before it looks in the cache (ClientApplication.buildOauthClientConfiguration),
 * so without this every On-Behalf-Of call, cache hits included, would sign a new JWT with the
 * certificate's key. MSAL does the same for its own certificate credential (ClientAssertion.getJwt
 * reuses the JWT until it nears expiry); we keep one for 8 of its 10 minutes, per token endpoint,
 * and forget them all when the certificate is reloaded after a rotation.
 */
import { clientAssertionCallback } from "../app-only/client-assertion.js";
import type { LoadedCertificate } from "../certificate/loaded-certificate.js";

const REUSE_MS = 8 * 60 * 1000;

export interface ReusableAssertion {
  callback: (config: { clientId: string; tokenEndpoint?: string }) => Promise<string>;
  /** Drops every held assertion (after a certificate reload). */
  forget(): void;
}

export function reusableAssertion(
  certificate: () => Promise<LoadedCertificate>,
  options: { sendX5c: boolean },
): ReusableAssertion {
  const sign = clientAssertionCallback(certificate, options);
  const held = new Map<string, { jwt: Promise<string>; until: number }>();
  return {
    async callback(config) {
      const key = `${config.clientId} ${config.tokenEndpoint ?? ""}`;
      const found = held.get(key);
      if (found && found.until > Date.now()) return found.jwt;
      const jwt = sign(config);
      held.set(key, { jwt, until: Date.now() + REUSE_MS });
      jwt.catch(() => held.delete(key));
      return jwt;
    },
    forget: () => held.clear(),
  };
}
