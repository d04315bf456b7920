/**
 * Lets the Azure SDK clients on the way to the certificate (the developer's vault credential and the
 * Key Vault client) send on node:https's global agent, which our own requests use (node-request.ts:
 * MSAL's token requests and the API calls). Each SDK client otherwise keeps an agent of its own, and
 * a fresh process opened two TLS connections to the authority host: one for the developer's token,
 * one for the app's. Sharing the agent lets the second reuse the first's keep-alive connection: one
 * TCP connect and TLS handshake fewer before the first result, a round trip or two to the authority
 * for a real user.
 *
 * PipelineRequest.agent is the SDK's own option for this ("a custom http.Agent/https.Agent"). A
 * request with an agent skips the SDK's proxy policy, so when a proxy is configured the SDK keeps its
 * agents and its proxy handling.
 */
import { globalAgent } from "node:https";
import type { DefaultAzureCredentialOptions } from "@azure/identity";

type AdditionalPolicies = NonNullable<DefaultAzureCredentialOptions["additionalPolicies"]>;

/** The proxy variables the SDK's proxy policy reads (either case). */
const PROXY_VARIABLES = ["HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY"];

/** The `additionalPolicies` that put an SDK client's requests on the shared agent (none with a proxy). */
export function sharedConnectionPolicies(env: NodeJS.ProcessEnv = process.env): AdditionalPolicies {
  const proxied = PROXY_VARIABLES.some((name) => env[name] || env[name.toLowerCase()]);
  if (proxied) return [];
  return [
    {
      position: "perCall",
      policy: {
        name: "entraMcpSharedConnections",
        sendRequest(request, next) {
          if (!request.agent && !request.tlsSettings && request.url.startsWith("https:"))
            request.agent = globalAgent;
          return next(request);
        },
      },
    },
  ];
}
