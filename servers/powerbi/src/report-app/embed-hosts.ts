/**
 * The hosts the report view frames (the embed page) and may connect to, per cloud. Clouds are data: a
 * cloud profile may name the Power BI web app itself (resources.powerbiapp — the emulator's cloud.json
 * does, https://app.powerbi.com:<port>); otherwise the Power BI API endpoint names the cloud's service
 * (api.powerbi.com, api.powerbigov.us, api.powerbi.cn, ...) and its embed pages live on the matching
 * app.* host; a custom cloud with neither gets its API origin.
 */
import type { CloudProfile } from "@entra-mcp/auth-core";
import type { AppCsp } from "@entra-mcp/server-kit";

// Sovereign clouds whose embed hosts do not follow from the API host alone.
const EXTRA_EMBED_HOSTS: Record<string, string[]> = {
  // US Government: GCC (app.powerbigov.us), GCC High and DoD embed on their own hosts.
  "api.powerbigov.us": ["https://app.high.powerbigov.us", "https://app.mil.powerbigov.us"],
};

/** The embed origins of the cloud's Power BI service. */
export function powerBiEmbedOrigins(cloud: CloudProfile): string[] {
  const app = cloud.resources.powerbiapp?.endpoint;
  if (app) return [new URL(app).origin];
  const endpoint = cloud.resources.powerbi?.endpoint;
  if (!endpoint) return [];
  const api = new URL(endpoint);
  const origins = new Set<string>();
  if (api.hostname.startsWith("api.")) {
    origins.add(`https://app.${api.hostname.slice(4)}`);
    for (const extra of EXTRA_EMBED_HOSTS[api.hostname] ?? []) origins.add(extra);
  } else {
    origins.add(api.origin);
  }
  return [...origins];
}

/** The report view's CSP: exactly the cloud's Power BI embed hosts, to frame and to connect to. */
export function reportViewCsp(cloud: CloudProfile): AppCsp {
  const origins = powerBiEmbedOrigins(cloud);
  return { frameDomains: origins, connectDomains: origins, resourceDomains: [] };
}
