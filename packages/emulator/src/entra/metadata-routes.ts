import type { Hono } from "hono";
import type { LoginContext } from "./login-context.js";
import { aadJsonError, requireTenant, TENANT_ALIASES } from "./tenant-guard.js";

/** OpenID Connect discovery document, shaped like Entra's v2.0 metadata. */
export function openIdConfiguration(ctx: LoginContext, pathTenant: string): Record<string, unknown> {
  const host = new URL(ctx.loginOrigin).host;
  // Entra answers tenant-specific metadata with the tenant id (not the domain) in every URL.
  const t = TENANT_ALIASES.has(pathTenant.toLowerCase())
    ? pathTenant.toLowerCase()
    : ctx.directory.tenant.tenantId;
  const base = `${ctx.loginOrigin}/${t}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer: TENANT_ALIASES.has(t) ? `${ctx.loginOrigin}/{tenantid}/v2.0` : ctx.tokens.v2Issuer,
    request_uri_parameter_supported: false,
    userinfo_endpoint: "https://graph.microsoft.com/oidc/userinfo",
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: [
      "sub",
      "iss",
      "cloud_instance_name",
      "cloud_instance_host_name",
      "cloud_graph_host_name",
      "msgraph_host",
      "aud",
      "exp",
      "iat",
      "auth_time",
      "acr",
      "nonce",
      "preferred_username",
      "name",
      "tid",
      "ver",
      "at_hash",
      "c_hash",
      "email",
    ],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: "NA",
    cloud_instance_name: host,
    cloud_graph_host_name: "graph.windows.net",
    msgraph_host: "graph.microsoft.com",
    rbac_url: "https://pas.windows.net",
  };
}

/** Discovery: OIDC metadata, JWKS and (for clients that still ask) instance discovery. */
export function registerMetadataRoutes(app: Hono, ctx: LoginContext): void {
  app.get("/:tenant/v2.0/.well-known/openid-configuration", (c) => {
    const tenant = c.req.param("tenant");
    try {
      if (!TENANT_ALIASES.has(tenant.toLowerCase())) requireTenant(ctx, tenant);
    } catch (error) {
      return aadJsonError(c, ctx, error);
    }
    return c.json(openIdConfiguration(ctx, tenant));
  });

  app.get("/:tenant/discovery/v2.0/keys", async (c) => c.json(await ctx.signer.jwks(ctx.tokens.v2Issuer)));

  app.get("/common/discovery/instance", (c) => {
    const host = new URL(ctx.loginOrigin).host;
    const authorizeEndpoint = c.req.query("authorization_endpoint") ?? "";
    const tenant = /\/([^/]+)\/oauth2\//.exec(authorizeEndpoint)?.[1] ?? "common";
    return c.json({
      tenant_discovery_endpoint: `${ctx.loginOrigin}/${tenant}/v2.0/.well-known/openid-configuration`,
      "api-version": "1.1",
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    });
  });
}
