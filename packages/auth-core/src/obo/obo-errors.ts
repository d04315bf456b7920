/**
 * Maps a failed On-Behalf-Of exchange to what the user (or their admin) must do. Entra's answers:
 * AADSTS65001 consent_required, AADSTS50076/50079 MFA (interaction_required + claims), other
 * interaction_required (a policy, a changed password), AADSTS500133 an expired user token.
 * Everything else goes through the app-only/delegated mapping (toTokenError).
 */
import type { EntraMcpError } from "../errors.js";
import { aadstsCode, toTokenError } from "../token-errors.js";
import { InteractionRequiredError } from "./interaction-required-error.js";

interface OboContext {
  clientId: string;
  tenantId: string;
  authority: string;
  scopes: string[];
  who: string;
}

interface MsalErrorLike {
  errorCode?: string;
  subError?: string;
  claims?: string;
}

export function toOboError(error: unknown, context: OboContext): EntraMcpError {
  const msal = (error ?? {}) as MsalErrorLike;
  const code = aadstsCode(error);
  const scopes = context.scopes.join(" ");
  const claims = typeof msal.claims === "string" && msal.claims.trim() ? msal.claims : undefined;
  if (code === 65001 || msal.subError === "consent_required") {
    const consentUrl = `${context.authority}/adminconsent?client_id=${context.clientId}`;
    return new InteractionRequiredError(
      "consent",
      `Entra ID: nobody has consented to app ${context.clientId} acting for ${context.who} on ${scopes}${code ? ` (AADSTS${code})` : ""}. An admin must grant consent once for the organization.`,
      {
        cause: error,
        consentUrl,
        ...(code ? { aadsts: code } : {}),
        fix: `an admin opens ${consentUrl} and accepts, or runs \`npx -y @entra-mcp/cli provision --hosted\`; then retry the tool call.`,
      },
    );
  }
  if (
    code === 50076 ||
    code === 50079 ||
    code === 50158 ||
    (claims && msal.errorCode === "interaction_required")
  ) {
    return new InteractionRequiredError(
      "mfa",
      `Entra ID requires ${context.who} to complete multi-factor authentication (or another Conditional Access step) before this server may use ${scopes}${code ? ` (AADSTS${code})` : ""}.`,
      {
        cause: error,
        ...(claims ? { claims } : {}),
        ...(code ? { aadsts: code } : {}),
        fix: "sign in again in your MCP client (it will ask for the extra step), then retry the tool call.",
      },
    );
  }
  if (msal.errorCode === "interaction_required" || code === 500133 || code === 50173 || code === 50078) {
    return new InteractionRequiredError(
      "sign_in",
      `Entra ID needs ${context.who} to sign in again before this server may use ${scopes}${code ? ` (AADSTS${code})` : ""}.`,
      {
        cause: error,
        ...(claims ? { claims } : {}),
        ...(code ? { aadsts: code } : {}),
        fix: "sign out and sign in again in your MCP client, then retry the tool call.",
      },
    );
  }
  return toTokenError(error, { clientId: context.clientId, mode: "delegated", scopes: context.scopes });
}
