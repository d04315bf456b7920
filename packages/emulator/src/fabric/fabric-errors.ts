import type { Context } from "hono";
import { newGuid } from "../ids.js";

export interface FabricErrorDetail {
  errorCode: string;
  message: string;
  relatedResource?: { resourceId: string; resourceType: string };
}

/**
 * Fabric's ErrorResponse: `{requestId, errorCode, message, moreDetails?, relatedResource?}`; the
 * request id is also a header, and x-ms-public-api-error-code repeats the code.
 */
export function fabricError(
  c: Context,
  status: 400 | 401 | 403 | 404 | 409,
  errorCode: string,
  message: string,
  extra: {
    moreDetails?: FabricErrorDetail[];
    relatedResource?: { resourceId: string; resourceType: string };
  } = {},
): Response {
  const requestId = newGuid();
  return c.json({ requestId, errorCode, message, ...extra, isRetriable: false }, status, {
    requestId,
    "x-ms-public-api-error-code": errorCode,
  });
}

export const workspaceNotFound = (c: Context, id: string) =>
  fabricError(c, 404, "WorkspaceNotFound", "The requested workspace was not found", {
    relatedResource: { resourceId: id, resourceType: "Workspace" },
  });

export const itemNotFound = (c: Context, id: string) =>
  fabricError(c, 404, "ItemNotFound", "The requested item was not found", {
    relatedResource: { resourceId: id, resourceType: "Item" },
  });

export const insufficientPrivileges = (c: Context) =>
  fabricError(
    c,
    403,
    "InsufficientPrivileges",
    "The caller does not have sufficient permissions to perform this operation",
  );

export const insufficientScopes = (c: Context, accepted: string[]) =>
  fabricError(
    c,
    403,
    "InsufficientScopes",
    "The caller does not have sufficient scopes to perform this operation",
    {
      moreDetails: [
        { errorCode: "RequiredScopes", message: `One of these scopes is required: ${accepted.join(", ")}` },
      ],
    },
  );

export const invalidItemType = (c: Context, type: string) =>
  fabricError(c, 400, "InvalidItemType", `Invalid item type '${type}'.`);
