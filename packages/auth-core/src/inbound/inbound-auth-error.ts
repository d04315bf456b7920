/**
 * The one error the inbound validator throws. It carries what an OAuth 2.1 resource server answers
 * (RFC 6750 §3.1): 401 + invalid_token, or 403 + insufficient_scope, and a description that says what
 * is wrong and how to fix it. It never holds the token, nor any claim that would identify it.
 */
export type InboundAuthErrorCode = "invalid_token" | "insufficient_scope";

export class InboundAuthError extends Error {
  readonly status: 401 | 403;
  readonly error: InboundAuthErrorCode;
  readonly description: string;

  constructor(status: 401 | 403, error: InboundAuthErrorCode, description: string) {
    super(description);
    this.name = "InboundAuthError";
    this.status = status;
    this.error = error;
    this.description = description;
  }
}

/** 401 invalid_token: the token is missing, malformed, unsigned by the tenant, expired or not for us. */
export function invalidToken(description: string): InboundAuthError {
  return new InboundAuthError(401, "invalid_token", description);
}

/** 403 insufficient_scope: a good token for us, without the scope (users) or app role (apps) we need. */
export function insufficientScope(description: string): InboundAuthError {
  return new InboundAuthError(403, "insufficient_scope", description);
}
