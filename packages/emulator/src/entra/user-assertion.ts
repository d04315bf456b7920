import { decodeJwt, decodeProtectedHeader, type JWTPayload } from "jose";
import type { AppRegistration } from "../directory/directory-types.js";
import { aad } from "./aad-errors.js";
import type { LoginContext } from "./login-context.js";

/** What OBO takes from a valid user assertion. */
export interface UserAssertion {
  oid: string;
  amr: string[];
}

/**
 * Checks the `assertion` of an On-Behalf-Of request as Entra does: a JWT this tenant issued
 * (AADSTS50013 otherwise), signed with a published key (AADSTS50013), not expired
 * (AADSTS500133), issued to a user, for the calling app (AADSTS500131).
 */
export async function verifyUserAssertion(
  ctx: LoginContext,
  assertion: string,
  caller: AppRegistration,
): Promise<UserAssertion> {
  let claims: JWTPayload;
  try {
    claims = decodeJwt(assertion);
  } catch {
    throw aad.userAssertionMalformed("The assertion is not a JWT in compact serialization.");
  }
  const { tenantId } = ctx.directory.tenant;
  // Entra signs every tenant's tokens with the same keys, so another tenant's token passes the
  // signature check and fails on its issuer. Each emulator has its own keys; checking the
  // issuer first keeps a second emulator's token (the test's "other tenant") on that answer.
  const issuers = [`https://sts.windows.net/${tenantId}/`, ctx.tokens.v2Issuer];
  if (claims.tid !== tenantId || typeof claims.iss !== "string" || !issuers.includes(claims.iss)) {
    throw aad.userAssertionForeignTenant(String(claims.iss ?? claims.tid ?? "(no issuer)"), tenantId);
  }
  if (!(await ctx.signer.hasValidSignature(assertion))) {
    throw aad.userAssertionSignature(keyThumbprint(assertion), ctx.signer.publishesKeyOf(assertion));
  }
  const now = ctx.directory.clock.nowSeconds();
  if (typeof claims.exp !== "number" || now >= claims.exp) {
    throw aad.userAssertionExpired(new Date(now * 1000), new Date((claims.exp ?? 0) * 1000));
  }
  if (typeof claims.oid !== "string" || claims.idtyp === "app" || typeof claims.scp !== "string") {
    throw aad.userAssertionNotUser();
  }
  const audience = typeof claims.aud === "string" ? claims.aud : "";
  const accepted = audience.toLowerCase() === caller.clientId || caller.identifierUris.includes(audience);
  if (!accepted)
    throw aad.userAssertionAudience(audience, caller.clientId, caller.clientId, caller.displayName);
  const amr = Array.isArray(claims.amr) ? claims.amr.filter((m): m is string => typeof m === "string") : [];
  return { oid: claims.oid, amr: amr.length ? amr : ["pwd"] };
}

/** The signing key's SHA-1 thumbprint in hex, as Entra names it (Entra's kid is its base64url x5t). */
function keyThumbprint(token: string): string | undefined {
  try {
    const { kid } = decodeProtectedHeader(token);
    return kid ? Buffer.from(kid, "base64url").toString("hex").toUpperCase() : undefined;
  } catch {
    return undefined;
  }
}
