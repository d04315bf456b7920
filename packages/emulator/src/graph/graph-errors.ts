import type { Context } from "hono";
import { newGuid } from "../ids.js";

/** Answers in Microsoft Graph's error format, with its request-id headers. */
export function graphError(
  c: Context,
  status: 400 | 401 | 403 | 404 | 405 | 409,
  code: string,
  message: string,
): Response {
  const requestId = newGuid();
  const clientRequestId = c.req.header("client-request-id") ?? requestId;
  const headers: Record<string, string> = { "request-id": requestId, "client-request-id": clientRequestId };
  if (status === 401) {
    headers["WWW-Authenticate"] =
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';
  }
  const body = {
    error: {
      code,
      message,
      innerError: {
        date: new Date().toISOString().slice(0, 19),
        "request-id": requestId,
        "client-request-id": clientRequestId,
      },
    },
  };
  return c.json(body, status, headers);
}

export const insufficientPrivileges = (c: Context) =>
  graphError(c, 403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");

/** 400 for query options the directory does not support (Graph's Request_UnsupportedQuery). */
export const unsupportedQuery = (c: Context, message: string) =>
  graphError(c, 400, "Request_UnsupportedQuery", message);

/** 404 as Graph words it for a directory object that does not exist. */
export const resourceNotFound = (c: Context, id: string) =>
  graphError(
    c,
    404,
    "Request_ResourceNotFound",
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );

/** 400 for /me (and /me/...) called with an app-only token. */
export const meNeedsDelegated = (c: Context) =>
  graphError(c, 400, "BadRequest", "/me request is only valid with delegated authentication flow.");

/** 400 for a body Graph cannot parse as JSON. */
export const invalidJsonPayload = (c: Context) =>
  graphError(
    c,
    400,
    "BadRequest",
    "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
  );

/** Request_BadRequest, the directory's generic validation error. */
export const directoryBadRequest = (c: Context, message: string) =>
  graphError(c, 400, "Request_BadRequest", message);

/** Reads a JSON body, or returns Graph's 400 for one that is not JSON. */
export async function readGraphJson(c: Context): Promise<unknown | Response> {
  try {
    return await c.req.json();
  } catch {
    return invalidJsonPayload(c);
  }
}
