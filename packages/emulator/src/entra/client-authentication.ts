import { timingSafeEqual } from "node:crypto";
import type { AppRegistration, ServicePrincipal } from "../directory/directory-types.js";
import { aad } from "./aad-errors.js";
import {
  type AssertionContext,
  JWT_BEARER_ASSERTION_TYPE,
  verifyClientAssertion,
} from "./client-assertion.js";
import type { ClientAuthMethod } from "./token-factory.js";

export interface AuthenticatedClient {
  app: AppRegistration;
  sp: ServicePrincipal;
  method: ClientAuthMethod;
}

/**
 * Identifies the client of a token request and checks its credential, if it sent one.
 * A request without credentials comes back as method "none"; each grant decides
 * whether a public client is allowed.
 */
export function authenticateClient(form: URLSearchParams, ctx: AssertionContext): AuthenticatedClient {
  const clientId = form.get("client_id")?.toLowerCase();
  if (!clientId) throw aad.missingParameter("client_id");
  const app = ctx.directory.getApplication(clientId);
  const sp = ctx.directory.servicePrincipalOf(clientId);
  if (!app) throw aad.appNotFound(clientId, ctx.directory.tenant.tenantId);
  // An app registered through Graph has no service principal until POST /servicePrincipals.
  if (!sp) throw aad.servicePrincipalMissing(clientId, ctx.directory.tenant.tenantId);

  const assertion = form.get("client_assertion");
  if (assertion) {
    if (form.get("client_assertion_type") !== JWT_BEARER_ASSERTION_TYPE) {
      throw aad.missingParameter("client_assertion_type");
    }
    verifyClientAssertion(assertion, app, ctx);
    return { app, sp, method: "certificate" };
  }
  const secret = form.get("client_secret");
  if (secret !== null) {
    const now = ctx.directory.clock.nowMs();
    const valid = app.passwordCredentials.some(
      (p) => p.endDateTime.getTime() > now && sameSecret(p.secret, secret),
    );
    if (!valid) throw aad.invalidSecret(clientId);
    return { app, sp, method: "secret" };
  }
  return { app, sp, method: "none" };
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
