import type { Context, Env, Hono, Schema } from "hono";
import { parseCreateCertificateBody } from "./create-certificate-request.js";
import { type AccessTokenClaims, authenticate, authorize, type KeyVaultDeps } from "./key-vault-auth.js";
import {
  certificateBundle,
  certificateItem,
  certificateOperationJson,
  managedSecretBundle,
  plainSecretBundle,
} from "./key-vault-bundles.js";
import {
  badParameter,
  certificateNotFound,
  kvError,
  kvJson,
  secretDisabled,
  secretNotFound,
} from "./key-vault-errors.js";
import { KeyVaultAction } from "./key-vault-rbac.js";
import type { KeyVaultState } from "./key-vault-state.js";

export type { AccessTokenClaims, KeyVaultDeps } from "./key-vault-auth.js";

/**
 * Mounts the Key Vault data plane (secrets + certificates) on `app`, at the root the way
 * https://<vault>.vault.azure.net serves it. Every route authenticates and checks RBAC first,
 * so an unknown name with no role answers 403, exactly like the service.
 */
export function registerKeyVaultRoutes<E extends Env, S extends Schema, B extends string>(
  app: Hono<E, S, B>,
  vault: KeyVaultState,
  deps: KeyVaultDeps,
): void {
  const secretResource = (name: string) => `${vault.resourceId}/secrets/${name}`;
  const certificateResource = (name: string) => `${vault.resourceId}/certificates/${name}`;

  /** api-version, bearer token and role assignment, in that order; a Response means "stop here". */
  const guard = async (
    c: Context<E>,
    action: string,
    resource: string,
  ): Promise<AccessTokenClaims | Response> => {
    // The SDKs always send api-version; the service rejects requests without one.
    if (!c.req.query("api-version")) return badParameter("Missing required query parameter: api-version");
    const auth = await authenticate(c.req.header("authorization"), deps);
    if (!auth.ok) return auth.response;
    return authorize(vault, auth.claims, action, resource) ?? auth.claims;
  };

  const getSecret = async (c: Context<E>) => {
    const name = c.req.param("name") ?? "";
    const version = c.req.param("version") || undefined;
    const denied = await guard(c, KeyVaultAction.getSecret, secretResource(name));
    if (denied instanceof Response) return denied;

    if (vault.listVersions(name).length > 0) {
      const cert = vault.getCertificate(name, version);
      if (!cert) return secretNotFound(name, version);
      if (!cert.enabled) return secretDisabled();
      return kvJson(managedSecretBundle(vault, cert));
    }
    const secret = vault.getPlainSecret(name, version);
    if (!secret) return secretNotFound(name, version);
    if (!secret.enabled) return secretDisabled();
    return kvJson(plainSecretBundle(vault, secret));
  };
  // The SDK asks for the latest version with a trailing slash (/secrets/NAME/); accept both spellings.
  app.get("/secrets/:name", getSecret);
  app.get("/secrets/:name/", getSecret);
  app.get("/secrets/:name/:version", getSecret);

  const listCertificates = async (c: Context<E>) => {
    const denied = await guard(c, KeyVaultAction.readCertificate, vault.resourceId);
    if (denied instanceof Response) return denied;
    const value = vault
      .listCertificateNames()
      .map((name) => vault.getCertificate(name))
      .filter((cert) => cert !== undefined)
      .map((cert) => certificateItem(vault, cert, false));
    return kvJson({ value, nextLink: null });
  };
  app.get("/certificates", listCertificates);
  app.get("/certificates/", listCertificates);

  // Static sub-resources are registered before /:version so "versions" and "pending" are never taken for one.
  app.get("/certificates/:name/versions", async (c) => {
    const name = c.req.param("name") ?? "";
    const denied = await guard(c, KeyVaultAction.readCertificate, certificateResource(name));
    if (denied instanceof Response) return denied;
    const value = vault.listVersions(name).map((cert) => certificateItem(vault, cert, true));
    return kvJson({ value, nextLink: null });
  });

  app.get("/certificates/:name/pending", async (c) => {
    const name = c.req.param("name") ?? "";
    const denied = await guard(c, KeyVaultAction.readCertificate, certificateResource(name));
    if (denied instanceof Response) return denied;
    const op = vault.getCertificateOperation(name);
    if (!op) return kvError(404, "PendingCertificateNotFound", `Pending certificate not found: ${name}`);
    // The certificate already exists; the first reads report inProgress so clients exercise their polling.
    const status = op.readsUntilComplete > 0 ? "inProgress" : "completed";
    if (op.readsUntilComplete > 0) op.readsUntilComplete -= 1;
    return kvJson(certificateOperationJson(vault, op, status));
  });

  app.post("/certificates/:name/create", async (c) => {
    const name = c.req.param("name") ?? "";
    const denied = await guard(c, KeyVaultAction.createCertificate, certificateResource(name));
    if (denied instanceof Response) return denied;
    if (!/^[0-9a-zA-Z-]{1,127}$/.test(name)) {
      return badParameter(`The request URI contains an invalid name: ${name}`);
    }
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return badParameter("The request body is not valid JSON.");
    }
    const parsed = parseCreateCertificateBody(body, vault.getPolicy(name));
    if (!parsed.ok) return badParameter(parsed.message);
    const cert = vault.createCertificate(name, parsed.input);
    const op = vault.beginCertificateOperation(name, cert.version);
    const apiVersion = c.req.query("api-version") ?? "";
    return kvJson(certificateOperationJson(vault, op, "inProgress"), 202, {
      location: `${vault.vaultUrl}/certificates/${name}/pending?api-version=${encodeURIComponent(apiVersion)}&request_id=${op.requestId}`,
      // The service says 10 s; the emulator issues instantly, so tell honouring clients to come back at once.
      "retry-after": "1",
    });
  });

  const getCertificate = async (c: Context<E>) => {
    const name = c.req.param("name") ?? "";
    const version = c.req.param("version") || undefined;
    const denied = await guard(c, KeyVaultAction.readCertificate, certificateResource(name));
    if (denied instanceof Response) return denied;
    const cert = vault.getCertificate(name, version);
    if (!cert) return certificateNotFound(name, version);
    return kvJson(certificateBundle(vault, cert));
  };
  app.get("/certificates/:name", getCertificate);
  app.get("/certificates/:name/", getCertificate);
  app.get("/certificates/:name/:version", getCertificate);

  const updateCertificate = async (c: Context<E>) => {
    const name = c.req.param("name") ?? "";
    const version = c.req.param("version") || undefined;
    const denied = await guard(c, KeyVaultAction.updateCertificate, certificateResource(name));
    if (denied instanceof Response) return denied;
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return badParameter("The request body is not valid JSON.");
    }
    const patch = parseUpdateBody(body);
    if (typeof patch === "string") return badParameter(patch);
    const cert = vault.updateCertificate(name, version, patch);
    if (!cert) return certificateNotFound(name, version);
    return kvJson(certificateBundle(vault, cert));
  };
  app.patch("/certificates/:name", updateCertificate);
  app.patch("/certificates/:name/", updateCertificate);
  app.patch("/certificates/:name/:version", updateCertificate);
}

type CertificatePatch = { enabled?: boolean; exp?: Date; tags?: Record<string, string> };

/**
 * CertificateUpdateParameters: {attributes?: {enabled?, exp?}, tags?}; returns an error message
 * when malformed. `exp` (Unix seconds) is honoured so tests can expire a certificate over HTTP.
 */
function parseUpdateBody(body: unknown): CertificatePatch | string {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return "The request body must be a JSON object.";
  const { attributes, tags } = body as { attributes?: unknown; tags?: unknown };
  const patch: CertificatePatch = {};
  if (attributes !== undefined) {
    if (typeof attributes !== "object" || attributes === null)
      return "Property 'attributes' must be an object.";
    const { enabled, exp } = attributes as { enabled?: unknown; exp?: unknown };
    if (enabled !== undefined && typeof enabled !== "boolean")
      return "Property 'attributes.enabled' must be a boolean.";
    if (typeof enabled === "boolean") patch.enabled = enabled;
    if (exp !== undefined && !(Number.isInteger(exp) && (exp as number) > 0))
      return "Property 'attributes.exp' must be a Unix time in seconds.";
    if (typeof exp === "number") patch.exp = new Date(exp * 1000);
  }
  if (tags !== undefined) {
    if (typeof tags !== "object" || tags === null || Object.values(tags).some((v) => typeof v !== "string")) {
      return "Property 'tags' must map strings to strings.";
    }
    patch.tags = tags as Record<string, string>;
  }
  return patch;
}
