/**
 * The hosts the report view frames (the embed page) and may connect to, per cloud. Clouds are data: the
 * Power BI API endpoint of the cloud profile names the cloud's Power BI service (api.powerbi.com,
 * api.powerbigov.us, api.powerbi.cn, ...), and its embed pages live on the matching app.* host. A custom
 * cloud (the emulator) that serves the API and the embed page on one origin uses that origin.
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
