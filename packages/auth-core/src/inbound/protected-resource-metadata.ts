/**
 * The RFC 9728 Protected Resource Metadata document the hosted server publishes at
 * /.well-known/oauth-protected-resource: the resource (its public URL), the tenant's Entra ID
 * authority as the authorization server, and the API scope an MCP client must ask for.
 */
import { ConfigError } from "../errors.js";
import { tenantIssuer } from "./create-inbound-validator.js";
import type { InboundAuthConfig } from "./inbound-config.js";

export interface ProtectedResourceMetadata {
  resource: string;
  authorization_servers: string[];
  scopes_supported: string[];
  bearer_methods_supported: ["header"];
  resource_signing_alg_values_supported?: string[];
  resource_name: string;
}

export function protectedResourceMetadata(
  config: InboundAuthConfig,
  publicUrl: string,
): ProtectedResourceMetadata {
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    throw badUrl(publicUrl, "is not a URL");
  }
  const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback))
    throw badUrl(publicUrl, "must use https:// (http:// only on a loopback host)");
  if (url.hash || url.search) throw badUrl(publicUrl, "must not have a query or fragment (RFC 9728 §1.2)");
  const appIdUri = config.audiences.find((a) => a.includes("://")) ?? `api://${config.clientId}`;
  return {
    // The resource identifier is the URL exactly as clients use it (RFC 8707), without a trailing "/"
    // on a bare origin so it matches what clients derive from the MCP endpoint.
    resource: url.pathname === "/" ? url.origin : url.href,
    authorization_servers: [tenantIssuer(config)],
    scopes_supported: [`${appIdUri}/${config.requiredScope}`],
    bearer_methods_supported: ["header"],
    resource_name: "entra-mcp",
  };
}

function badUrl(value: string, problem: string): ConfigError {
  return new ConfigError("CONFIG_INVALID", `ENTRA_MCP_PUBLIC_URL: "${value}" ${problem}.`, {
    fix: "set ENTRA_MCP_PUBLIC_URL to the URL MCP clients use for this server, e.g. https://mcp.contoso.com/graph.",
  });
}
