import type { Context } from "hono";

/** Dataverse Web API error body: `{"error":{"code":"0x8006088a","message":"..."}}`. */
export function dataverseError(c: Context, status: 400 | 403 | 404, code: string, message: string): Response {
  return c.json({ error: { code, message } }, status, { "OData-Version": "4.0" });
}

/** Errors raised while applying query options, turned into responses by the routes. */
export class DataverseQueryError extends Error {
  constructor(
    readonly status: 400 | 404,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** 0x80060888: the OData layer's "bad query option" code (unknown property, syntax error). */
export const queryError = (message: string) => new DataverseQueryError(400, "0x80060888", message);

export const unknownProperty = (property: string, logicalName: string) =>
  queryError(
    `Could not find a property named '${property}' on type 'Microsoft.Dynamics.CRM.${logicalName}'.`,
  );
