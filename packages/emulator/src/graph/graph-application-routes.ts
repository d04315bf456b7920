import type { Context, Hono } from "hono";
import type { AppRegistration } from "../directory/directory-types.js";
import { parseAlternateKey } from "./graph-alternate-key.js";
import { applicationJson } from "./graph-application-json.js";
import {
  ApplicationPatchError,
  applyApplicationPatch,
  parseApplicationPatch,
} from "./graph-application-patch.js";
import { authorizeGraph } from "./graph-auth.js";
import { graphEntity, listGraphCollection } from "./graph-collection.js";
import { directoryBadRequest, graphError, readGraphJson, resourceNotFound } from "./graph-errors.js";
import { READ_APPLICATIONS, WRITE_APPLICATIONS } from "./graph-permissions.js";
import type { GraphDeps } from "./graph-routes.js";

const EQ_STARTSWITH = ["eq", "startswith"];

/**
 * App registrations: list and get (by object id or the uniqueName / appId alternate keys),
 * create, PATCH (with `Prefer: create-if-missing` upsert by uniqueName) and removePassword.
 * Every write lands in the DirectoryState the token endpoint reads, so the next token sees it.
 */
export function registerGraphApplicationRoutes(app: Hono, deps: GraphDeps): void {
  const { directory } = deps;
  // Graph returns keyCredentials[].key only to a caller that $selected keyCredentials.
  const json = (c: Context, a: AppRegistration) =>
    applicationJson(a, {
      withKeys: (c.req.query("$select") ?? "").split(",").some((f) => f.trim() === "keyCredentials"),
      publisherDomain: directory.tenant.defaultDomain,
    });
  const created = (c: Context, a: AppRegistration) =>
    c.json({ "@odata.context": `${deps.graphUrl}/v1.0/$metadata#applications/$entity`, ...json(c, a) }, 201, {
      Location: `${deps.graphUrl}/v2/${directory.tenant.tenantId}/directoryObjects/${a.objectId}/Microsoft.DirectoryServices.Application`,
    });

  /** Validates and applies a body, or returns the 400 Graph would send. */
  const patchOrError = (c: Context, target: AppRegistration | undefined, body: unknown) => {
    try {
      return parseApplicationPatch(body, target, (uri) =>
        directory.identifierUriInUse(uri, target?.clientId),
      );
    } catch (error) {
      if (error instanceof ApplicationPatchError) return graphError(c, 400, error.code, error.message);
      throw error;
    }
  };

  app.get("/v1.0/applications", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_APPLICATIONS);
    if (claims instanceof Response) return claims;
    return listGraphCollection(c, deps.graphUrl, {
      resource: "Application",
      odataType: "microsoft.graph.application",
      contextFragment: "applications",
      items: directory.listApplications().map((a) => json(c, a)),
      filterable: { id: ["eq"], appId: ["eq"], uniqueName: ["eq"], displayName: EQ_STARTSWITH },
      searchable: ["displayName"],
      orderable: ["displayName"],
      pageSize: { default: 100, max: 999 },
      advancedQueries: true,
    });
  });

  app.post("/v1.0/applications", async (c) => {
    const claims = await authorizeGraph(c, deps, WRITE_APPLICATIONS);
    if (claims instanceof Response) return claims;
    const body = await readGraphJson(c);
    if (body instanceof Response) return body;
    const patch = patchOrError(c, undefined, body);
    if (patch instanceof Response) return patch;
    if (!patch.displayName) return directoryBadRequest(c, "Property 'displayName' is required.");
    const uniqueName = (body as { uniqueName?: unknown }).uniqueName;
    if (typeof uniqueName === "string" && directory.getApplicationByUniqueName(uniqueName)) {
      return graphError(
        c,
        409,
        "Request_MultipleObjectsWithSameKeyValue",
        "Another object with the same value for property uniqueName already exists.",
      );
    }
    const created_ = directory.addApplication({
      displayName: patch.displayName,
      withServicePrincipal: false,
      ...(typeof uniqueName === "string" ? { uniqueName } : {}),
    });
    applyApplicationPatch(created_, patch);
    return created(c, created_);
  });

  // Alternate keys: applications(uniqueName='x') and applications(appId='x').
  const byAlternateKey = (c: Context) => {
    const key = parseAlternateKey(c.req.param("segment") ?? "", "applications", ["uniqueName", "appId"]);
    if (!key) return { key, found: undefined };
    const found =
      key.property === "uniqueName"
        ? directory.getApplicationByUniqueName(key.value)
        : directory.getApplication(key.value);
    return { key, found };
  };

  app.get("/v1.0/:segment{applications\\(.+\\)}", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_APPLICATIONS);
    if (claims instanceof Response) return claims;
    const { key, found } = byAlternateKey(c);
    if (!key) return directoryBadRequest(c, "Invalid object identifier.");
    if (!found) return resourceNotFound(c, key.value);
    return graphEntity(c, deps.graphUrl, "applications", json(c, found));
  });

  app.patch("/v1.0/:segment{applications\\(.+\\)}", async (c) => {
    const claims = await authorizeGraph(c, deps, WRITE_APPLICATIONS);
    if (claims instanceof Response) return claims;
    const { key, found } = byAlternateKey(c);
    if (!key) return directoryBadRequest(c, "Invalid object identifier.");
    const body = await readGraphJson(c);
    if (body instanceof Response) return body;
    const patch = patchOrError(c, found, body);
    if (patch instanceof Response) return patch;
    if (found) {
      applyApplicationPatch(found, patch);
      return c.body(null, 204);
    }
    const upsert = /(^|[\s,;])create-if-missing($|[\s,;])/i.test(c.req.header("prefer") ?? "");
    // Without the header a PATCH is an update, and there is nothing to update.
    if (!upsert || key.property !== "uniqueName") return resourceNotFound(c, key.value);
    if (!patch.displayName) return directoryBadRequest(c, "Property 'displayName' is required.");
    const app = directory.addApplication({
      displayName: patch.displayName,
      uniqueName: key.value,
      withServicePrincipal: false,
    });
    applyApplicationPatch(app, patch);
    return created(c, app);
  });

  app.get("/v1.0/applications/:id", async (c) => {
    const claims = await authorizeGraph(c, deps, READ_APPLICATIONS);
    if (claims instanceof Response) return claims;
    const id = c.req.param("id");
    const found = directory.getApplicationByObjectId(id);
    if (!found) return resourceNotFound(c, id);
    return graphEntity(c, deps.graphUrl, "applications", json(c, found));
  });

  app.patch("/v1.0/applications/:id", async (c) => {
    const claims = await authorizeGraph(c, deps, WRITE_APPLICATIONS);
    if (claims instanceof Response) return claims;
    const id = c.req.param("id");
    const found = directory.getApplicationByObjectId(id);
    if (!found) return resourceNotFound(c, id);
    const body = await readGraphJson(c);
    if (body instanceof Response) return body;
    const patch = patchOrError(c, found, body);
    if (patch instanceof Response) return patch;
    applyApplicationPatch(found, patch);
    return c.body(null, 204);
  });

  app.post("/v1.0/applications/:id/removePassword", async (c) => {
    const claims = await authorizeGraph(c, deps, WRITE_APPLICATIONS);
    if (claims instanceof Response) return claims;
    const id = c.req.param("id");
    const found = directory.getApplicationByObjectId(id);
    if (!found) return resourceNotFound(c, id);
    const body = await readGraphJson(c);
    if (body instanceof Response) return body;
    const keyId = (body as { keyId?: unknown } | null)?.keyId;
    if (typeof keyId !== "string") return directoryBadRequest(c, "Property 'keyId' is required.");
    if (!found.passwordCredentials.some((p) => p.keyId === keyId.toLowerCase())) {
      return directoryBadRequest(c, `No password credential found with keyId '${keyId}'.`);
    }
    directory.removePasswordCredential(found.clientId, keyId.toLowerCase());
    return c.body(null, 204);
  });
}
