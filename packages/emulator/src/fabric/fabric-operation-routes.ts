import type { Context, Hono } from "hono";
import {
  authenticateFabric,
  authorizeItem,
  type FabricDeps,
  requireScopes,
  requireWorkspace,
} from "./fabric-auth.js";
import { fabricError } from "./fabric-errors.js";
import { GIT_STATUS, itemReadWrite } from "./fabric-scopes.js";
import type { FabricOperation } from "./fabric-types.js";

/**
 * Long-running operations (the Fabric LRO pattern): an initiating API answers 202 with
 * x-ms-operation-id, Location (GET /v1/operations/{id}) and Retry-After. The state's Location
 * points back at the state while it runs and at /v1/operations/{id}/result once it Succeeded.
 * Reading either needs the initiating API's scopes, and only its caller may read them.
 * Initiators here: Items - Get Item Definition and Git - Get Status.
 */
export function registerFabricOperationRoutes(app: Hono, deps: FabricDeps): void {
  const fabric = deps.workspaces.fabric;
  const operationUrl = (id: string) => `${deps.fabricUrl}/v1/operations/${id}`;

  const accepted = (c: Context, operation: FabricOperation) =>
    c.body(null, 202, {
      Location: operationUrl(operation.id),
      "x-ms-operation-id": operation.id,
      "Retry-After": "1",
    });

  const notFound = (c: Context, id: string) =>
    fabricError(c, 404, "OperationNotFound", "The requested operation was not found", {
      relatedResource: { resourceId: id, resourceType: "Operation" },
    });

  // The caller's operation (no other principal's), once its token has the initiator's scopes.
  const readOperation = async (c: Context, advance: boolean): Promise<FabricOperation | Response> => {
    const claims = await authenticateFabric(c, deps);
    if (claims instanceof Response) return claims;
    const id = c.req.param("operationId") ?? "";
    const peek = fabric.getOperation(id, claims.oid);
    if (!peek) return notFound(c, id);
    const denied = requireScopes(c, claims, peek.scopes);
    if (denied) return denied;
    return (advance ? fabric.pollOperation(id, claims.oid) : peek) ?? notFound(c, id);
  };

  app.get("/v1/operations/:operationId", async (c) => {
    const operation = await readOperation(c, true);
    if (operation instanceof Response) return operation;
    const done = operation.status === "Succeeded" || operation.status === "Failed";
    const headers: Record<string, string> = { "x-ms-operation-id": operation.id };
    if (operation.status === "Succeeded") headers.Location = `${operationUrl(operation.id)}/result`;
    if (!done) {
      headers.Location = operationUrl(operation.id);
      headers["Retry-After"] = "1";
    }
    return c.json(
      {
        status: operation.status,
        createdTimeUtc: operation.createdTimeUtc,
        lastUpdatedTimeUtc: operation.lastUpdatedTimeUtc,
        percentComplete: operation.percentComplete,
      },
      200,
      headers,
    );
  });

  app.get("/v1/operations/:operationId/result", async (c) => {
    const operation = await readOperation(c, false);
    if (operation instanceof Response) return operation;
    if (operation.status !== "Succeeded") {
      return fabricError(
        c,
        400,
        "OperationNotSucceeded",
        `The operation is ${operation.status}; its result is available once GET /v1/operations/${operation.id} reports Succeeded.`,
      );
    }
    return c.json(operation.result);
  });

  // Items - Get Item Definition: read and write permission on the item (Contributor), ReadWrite scopes.
  app.post("/v1/workspaces/:workspaceId/items/:itemId/getDefinition", async (c) => {
    const auth = await authorizeItem(c, deps, itemReadWrite, { minimum: "Contributor" });
    if (auth instanceof Response) return auth;
    const parts = fabric.definition(auth.item.id);
    if (!parts) {
      return fabricError(
        c,
        400,
        "OperationNotSupportedForItem",
        `Getting the definition is not supported for item type '${auth.item.type}'.`,
      );
    }
    const scopes = itemReadWrite(auth.item.type);
    return accepted(c, fabric.startOperation(auth.claims.oid, scopes, { definition: { parts } }));
  });

  // Git - Get Status: Contributor or above; the status comes through an operation, as it often does.
  app.get("/v1/workspaces/:workspaceId/git/status", async (c) => {
    const claims = await authenticateFabric(c, deps);
    if (claims instanceof Response) return claims;
    const denied = requireScopes(c, claims, GIT_STATUS);
    if (denied) return denied;
    const workspace = requireWorkspace(c, deps, claims, c.req.param("workspaceId"), "Contributor");
    if (workspace instanceof Response) return workspace;
    const status = fabric.gitStatus(workspace.id);
    if (!status) {
      return fabricError(c, 400, "WorkspaceNotConnectedToGit", "Workspace is not connected to git.");
    }
    return accepted(c, fabric.startOperation(claims.oid, GIT_STATUS, status));
  });
}
