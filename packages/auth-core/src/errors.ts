/**
 * Named error classes with stable codes. Every message says what is wrong and ends with how to fix it,
 * and is redacted before it is stored, so an error can be printed or returned to a tool caller as is.
 */
import { redact } from "./redact.js";

/** Stable machine-readable codes; never reuse one code for two failures. */
export type EntraMcpErrorCode =
  | "CONFIG_INVALID"
  | "CONFIG_FILE_INVALID"
  | "CLOUD_INVALID"
  | "CERTIFICATE_NOT_FOUND"
  | "CERTIFICATE_DISABLED"
  | "CERTIFICATE_INVALID"
  | "CERTIFICATE_MISMATCH"
  | "CERTIFICATE_EXPIRED"
  | "CERTIFICATE_NOT_YET_VALID"
  | "VAULT_FORBIDDEN"
  | "VAULT_UNREACHABLE"
  | "VAULT_ERROR"
  | "CREDENTIAL_UNAVAILABLE"
  | "CONSENT_REQUIRED"
  | "REDIRECT_URI_MISMATCH"
  | "CLOCK_SKEW"
  | "INVALID_CLIENT_SECRET"
  | "TOKEN_REQUEST_FAILED"
  | "SIGN_IN_TIMEOUT"
  | "SIGN_IN_FAILED"
  | "BROWSER_UNAVAILABLE"
  | "MODE_UNSUPPORTED"
  | "CACHE_UNAVAILABLE"
  | "CACHE_LOCK_TIMEOUT"
  | "CACHE_CORRUPT"
  /** The user must act in their MCP client (consent, MFA or a claims challenge); see InteractionRequiredError. */
  | "InteractionRequired";

export interface EntraMcpErrorOptions {
  /** The underlying error; its message is redacted too when this error is printed. */
  cause?: unknown;
  /** One line (usually a command) that fixes the problem. */
  fix?: string;
}

/** Base class: `code` is stable, `fix` is the one thing to do next. */
export class EntraMcpError extends Error {
  readonly code: EntraMcpErrorCode;
  readonly fix: string | undefined;

  constructor(code: EntraMcpErrorCode, message: string, options: EntraMcpErrorOptions = {}) {
    const text = options.fix ? `${message} Fix: ${options.fix}` : message;
    super(redact(text), options.cause === undefined ? undefined : { cause: redactCause(options.cause) });
    this.name = new.target.name;
    this.code = code;
    this.fix = options.fix === undefined ? undefined : redact(options.fix);
  }
}

/** Keeps the cause chain for debugging but never lets secret material ride along in it. */
function redactCause(cause: unknown): unknown {
  if (cause instanceof Error) {
    const copy = new Error(redact(cause.message));
    copy.name = cause.name;
    const code =
      (cause as { code?: unknown; errorCode?: unknown }).errorCode ?? (cause as { code?: unknown }).code;
    if (typeof code === "string") Object.assign(copy, { code });
    return copy;
  }
  return typeof cause === "string" ? redact(cause) : undefined;
}

export class ConfigError extends EntraMcpError {}
export class CertificateError extends EntraMcpError {}
export class KeyVaultError extends EntraMcpError {}
export class TokenError extends EntraMcpError {}
export class SignInError extends EntraMcpError {}
export class TokenCacheError extends EntraMcpError {}
