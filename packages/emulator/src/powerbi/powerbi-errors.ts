import type { Context } from "hono";
import { newGuid } from "../ids.js";

export interface PbiErrorDetail {
  code: string;
  detail: { type: number; value: string };
}

/**
 * Power BI's error body: `{"error":{"code","pbi.error":{code,parameters,details,exceptionCulprit}}}`,
 * with the RequestId and X-PowerBI-Error-Info headers the service sends.
 */
export function pbiError(
  c: Context,
  status: 400 | 401 | 403 | 404,
  code: string,
  options: { message?: string; details?: PbiErrorDetail[] } = {},
): Response {
  const body = {
    error: {
      code,
      ...(options.message ? { message: options.message } : {}),
      "pbi.error": { code, parameters: {}, details: options.details ?? [], exceptionCulprit: 1 },
    },
  };
  return c.json(body, status, { RequestId: newGuid(), "X-PowerBI-Error-Info": code });
}

/** 401 for a caller without access to the workspace or without the delegated scope. */
export const notAuthorized = (c: Context) => pbiError(c, 401, "PowerBINotAuthorizedException");

export const entityNotFound = (c: Context) => pbiError(c, 404, "PowerBIEntityNotFound");

/** Power BI's documented answer to an expired token: 403 with a short error object. */
export const tokenExpired = (c: Context) =>
  c.json(
    {
      error: { code: "TokenExpired", message: "Access token has expired, resubmit with a new access token" },
    },
    403,
    { RequestId: newGuid() },
  );

/** A request Power BI rejects before looking at data (bad body, unsupported option). */
export const invalidRequest = (c: Context, message: string) =>
  c.json({ error: { code: "InvalidRequest", message } }, 400, { RequestId: newGuid() });
