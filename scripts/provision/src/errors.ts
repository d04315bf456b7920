/**
 * Provisioning's errors: what went wrong (redacted: never a token, key or assertion) and the one
 * command or action that fixes it.
 */
import { redact } from "@entra-mcp/auth-core";

/** A failure the person running the command can act on; `fix` is printed after it. */
export class ProvisionError extends Error {
  readonly fix: string | undefined;

  constructor(message: string, options: { fix?: string; cause?: unknown } = {}) {
    super(redact(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ProvisionError";
    this.fix = options.fix === undefined ? undefined : redact(options.fix);
  }
}

/** An HTTP error answer from one of the APIs, carrying that API's own error code. */
export class ApiError extends ProvisionError {
  constructor(
    readonly api: string,
    readonly status: number,
    readonly code: string | undefined,
    message: string,
    fix?: string,
  ) {
    super(message, fix === undefined ? {} : { fix });
    this.name = "ApiError";
  }
}

/** A usage error (bad flag or argument): exit code 2. */
export class UsageError extends ProvisionError {
  constructor(message: string, fix?: string) {
    super(message, fix === undefined ? {} : { fix });
    this.name = "UsageError";
  }
}

/** The message of any thrown value, redacted, with its fix if it has one. */
export function describeError(error: unknown): { message: string; fix: string | undefined } {
  if (error instanceof Error) {
    const fix = (error as { fix?: unknown }).fix;
    const message = redact(error.message);
    // auth-core errors already end with "Fix: ..."; keep the fix once.
    const text = typeof fix === "string" ? message.replace(/\s*Fix: [\s\S]*$/, "") : message;
    return { message: text, fix: typeof fix === "string" ? redact(fix) : undefined };
  }
  return { message: redact(String(error)), fix: undefined };
}
