/**
 * MSAL's HTTP client with a deadline on every request. Why our own: msal-node 7's HttpClient (fetch)
 * accepts a timeout for GET only, never for the token POST, and has no agent option any more, so a
 * token endpoint (or proxy) that accepts the connection and never answers stalls a token request
 * for as long as fetch's own limits allow. `system.networkClient` is MSAL's documented hook for this;
 * the rest mirrors MSAL's HttpClient (JSON body, header dictionary, AuthError on failure), on
 * node-request.ts instead of fetch (a fresh process then never loads undici).
 */
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from "@azure/msal-node";
import { nodeRequest } from "./node-request.js";

/** The AuthError code a request that ran past its deadline carries (toTokenError maps it). */
export const NETWORK_TIMEOUT_CODE = "entra_mcp_network_timeout";

/** An INetworkModule whose GET and POST requests are aborted after `timeoutMs`. */
export function timedNetworkClient(timeoutMs: number): INetworkModule {
  return {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions, timeout?: number) =>
      sendRequest<T>(url, "GET", options, Math.min(timeout || timeoutMs, timeoutMs), timeoutMs),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) =>
      sendRequest<T>(url, "POST", options, timeoutMs, timeoutMs),
  };
}

async function sendRequest<T>(
  url: string,
  method: "GET" | "POST",
  options: NetworkRequestOptions | undefined,
  deadlineMs: number,
  configuredMs: number,
): Promise<NetworkResponse<T>> {
  // MSAL rethrows its own AuthError as is and replaces anything else with a bare "network_error";
  // msal-node is already loaded whenever MSAL calls us.
  const { AuthError } = await import("@azure/msal-node");
  const signal = AbortSignal.timeout(deadlineMs);
  const correlationId = options?.correlationId ?? "";
  try {
    const response = await nodeRequest({
      method,
      url: new URL(url),
      headers: options?.headers ?? {},
      signal,
      ...(method === "POST" ? { body: options?.body ?? "" } : {}),
    });
    let body: T;
    try {
      body = JSON.parse(response.text) as T;
    } catch (error) {
      throw new AuthError(
        "token_parsing_error",
        correlationId,
        `Failed to parse response: ${messageOf(error)}`,
      );
    }
    const dictionary: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      dictionary[name] = value;
    });
    return { headers: dictionary, body, status: response.status };
  } catch (error) {
    if (error instanceof AuthError) throw error;
    if (signal.aborted) {
      const origin = new URL(url).origin;
      throw new AuthError(
        NETWORK_TIMEOUT_CODE,
        correlationId,
        `${origin} did not answer within ${deadlineMs / 1000} s (ENTRA_MCP_AUTH_TIMEOUT_SECONDS=${configuredMs / 1000})`,
      );
    }
    throw new AuthError("network_error", correlationId, `Network request failed: ${messageOf(error)}`);
  }
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return "unknown";
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ? `${error.message} (${cause.code})` : error.message;
}
