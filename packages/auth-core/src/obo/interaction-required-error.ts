/**
 * Entra ID answered an On-Behalf-Of exchange with "the user must do something first": consent, MFA,
 * or a Conditional Access claims challenge. The message says what, for the tool result; `claims`
 * carries the challenge so the HTTP transport can put it in WWW-Authenticate (MCP step-up).
 */
import { EntraMcpError } from "../errors.js";

export type InteractionReason = "consent" | "mfa" | "sign_in";

export class InteractionRequiredError extends EntraMcpError {
  readonly reason: InteractionReason;
  /** The claims challenge (JSON text) to pass back to the client, when Entra sent one. */
  readonly claims: string | undefined;
  /** Where an admin grants consent (reason "consent"). */
  readonly consentUrl: string | undefined;
  /** The AADSTS number, e.g. 65001 or 50076. */
  readonly aadsts: number | undefined;

  constructor(
    reason: InteractionReason,
    message: string,
    details: { fix: string; cause?: unknown; claims?: string; consentUrl?: string; aadsts?: number },
  ) {
    super("InteractionRequired", message, { fix: details.fix, cause: details.cause });
    this.reason = reason;
    this.claims = details.claims;
    this.consentUrl = details.consentUrl;
    this.aadsts = details.aadsts;
  }
}
