import { newGuid } from "../ids.js";
import { escapeHtml } from "./html.js";

/** An error the emulated token service answers with, carrying its real AADSTS code. */
export class AadError extends Error {
  constructor(
    /** HTTP status (400, or 401 for invalid_client). */
    readonly status: 400 | 401,
    /** OAuth error, e.g. invalid_client, invalid_grant. */
    readonly error: string,
    readonly code: number,
    /** Description without the "AADSTS<code>: " prefix and trace suffix. */
    readonly description: string,
    readonly suberror?: string,
    /** A claims challenge (JSON text) the client must satisfy, e.g. after AADSTS50076. */
    readonly claims?: string,
  ) {
    super(`AADSTS${code}: ${description}`);
    this.name = "AadError";
  }
}

/** The JSON body Entra returns for token endpoint errors. */
export interface AadErrorBody {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
  suberror?: string;
  claims?: string;
}

/** Entra's timestamp format in error bodies: "2026-06-09 14:01:21Z". */
export function aadTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace("T", " ")}Z`;
}

export function aadErrorBody(err: AadError, loginOrigin: string, correlationId?: string): AadErrorBody {
  const traceId = newGuid();
  const correlation = correlationId ?? newGuid();
  const timestamp = aadTimestamp(new Date());
  const body: AadErrorBody = {
    error: err.error,
    error_description: `${err.message} Trace ID: ${traceId} Correlation ID: ${correlation} Timestamp: ${timestamp}`,
    error_codes: [err.code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlation,
    error_uri: `${loginOrigin}/error?code=${err.code}`,
  };
  if (err.suberror) body.suberror = err.suberror;
  if (err.claims) body.claims = err.claims;
  return body;
}

/**
 * The page Entra shows instead of redirecting when it cannot trust the redirect URI
 * (AADSTS50011) or the client: the message is the only way the user sees the problem.
 */
export function aadErrorPage(err: AadError, correlationId?: string): string {
  const timestamp = aadTimestamp(new Date());
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in to your account</title></head>
<body>
<h1>Sorry, but we're having trouble signing you in.</h1>
<p id="aadsts-error" data-error-code="AADSTS${err.code}">${escapeHtml(err.message)}</p>
<dl>
<dt>Request Id</dt><dd>${newGuid()}</dd>
<dt>Correlation Id</dt><dd>${escapeHtml(correlationId ?? newGuid())}</dd>
<dt>Timestamp</dt><dd>${timestamp}</dd>
</dl>
</body></html>`;
}
