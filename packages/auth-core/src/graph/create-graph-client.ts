/**
 * The seed's Graph client factory: a @microsoft/microsoft-graph-client Client whose auth provider is
 * ours, pointed at the cloud's Graph endpoint. customHosts lets the client attach tokens to a
 * sovereign or custom-cloud Graph host (it only trusts the public Graph hosts by default).
 */
import type { Client } from "@microsoft/microsoft-graph-client";
import type { CloudProfile } from "../config/cloud-profile.js";

/** Builds a Graph client that asks `getAccessToken` for a token on every request. */
export async function createGraphClient(
  cloud: CloudProfile,
  getAccessToken: () => Promise<string>,
): Promise<Client> {
  const graph = cloud.resources.graph;
  if (!graph)
    throw new Error(
      `Graph: the ${cloud.name} cloud profile has no "graph" resource. Fix: add resources.graph to the cloud profile.`,
    );
  const { Client } = await import("@microsoft/microsoft-graph-client");
  return Client.initWithMiddleware({
    authProvider: { getAccessToken },
    baseUrl: `${graph.endpoint}/`,
    customHosts: new Set([new URL(graph.endpoint).hostname]),
    defaultVersion: "v1.0",
  });
}
