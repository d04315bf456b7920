/**
 * The two requests `doctor --hosted` sends a hosted server: its RFC 9728 metadata, and one MCP
 * `tools/call` as a client sends it over Streamable HTTP. Plain fetch, not the MCP SDK: the CLI does
 * not ship the SDK, and one stateless JSON-RPC POST (answered as JSON or one SSE event) is all it needs.
 */

export interface ProtectedResourceMetadata {
  resource?: string;
  authorization_servers?: string[];
  scopes_supported?: string[];
}

const TIMEOUT_MS = 15_000;
const PROTOCOL_VERSION = "2025-11-25";

/** RFC 9728 §3.1: the well-known segment goes between the host and the resource's path. */
export function metadataUrl(resource: string): string {
  const url = new URL(resource);
  const path = url.pathname === "/" ? "" : url.pathname.replace(/\/+$/, "");
  return `${url.origin}/.well-known/oauth-protected-resource${path}`;
}

function unreachable(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const reason = cause?.code ?? cause?.message ?? (error as Error).message;
  return (error as Error).name === "TimeoutError"
    ? `no answer within ${TIMEOUT_MS / 1000} s`
    : `no answer (${reason}): the server is down or the URL is wrong`;
}

export async function fetchMetadata(
  resource: string,
): Promise<
  { metadataUrl: string; metadata: ProtectedResourceMetadata } | { metadataUrl: string; problem: string }
> {
  const at = metadataUrl(resource);
  let response: Response;
  try {
    response = await fetch(at, {
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: { accept: "application/json" },
    });
  } catch (error) {
    return { metadataUrl: at, problem: unreachable(error) };
  }
  const text = await response.text();
  if (!response.ok) return { metadataUrl: at, problem: `HTTP ${response.status}, not the metadata document` };
  try {
    const metadata = JSON.parse(text) as ProtectedResourceMetadata;
    if (typeof metadata !== "object" || metadata === null) throw new Error("not an object");
    return { metadataUrl: at, metadata };
  } catch {
    return {
      metadataUrl: at,
      problem: "the answer is not JSON (is this an entra-mcp server run with --http?)",
    };
  }
}

export interface ToolAnswer {
  structuredContent: unknown;
  text: string;
}

/** Calls `tool` with `token`; a refusal or error comes back as a readable problem (never the token). */
export async function callHostedTool(
  url: string,
  token: string,
  tool: string,
): Promise<ToolAnswer | { problem: string; fix?: string }> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      signal: AbortSignal.timeout(TIMEOUT_MS * 4),
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-protocol-version": PROTOCOL_VERSION,
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "tools/call",
        params: { name: tool, arguments: {} },
      }),
    });
  } catch (error) {
    return { problem: unreachable(error) };
  }
  const body = await response.text();
  if (response.status === 401 || response.status === 403) {
    const challenge = response.headers.get("www-authenticate") ?? "";
    const description = /error_description="([^"]*)"/.exec(challenge)?.[1];
    return {
      problem: `the server refused the user's token (${response.status}${description ? `: ${description}` : ""})`,
    };
  }
  if (!response.ok) return { problem: `${tool} answered HTTP ${response.status}: ${body.slice(0, 300)}` };
  const message = parseRpc(body, response.headers.get("content-type") ?? "");
  if (!message) return { problem: `${tool}: the answer is not a JSON-RPC message` };
  if (message.error)
    return { problem: `${tool} failed: ${message.error.message ?? JSON.stringify(message.error)}` };
  const result = message.result ?? {};
  const text = (result.content ?? []).map((c) => c.text ?? "").join("\n");
  if (result.isError) return { problem: `${tool} returned an error: ${text.slice(0, 500)}` };
  return { structuredContent: result.structuredContent, text };
}

interface RpcMessage {
  result?: { isError?: boolean; structuredContent?: unknown; content?: { text?: string }[] };
  error?: { message?: string };
}

/** A JSON body, or the last `data:` event of an SSE body. */
function parseRpc(body: string, contentType: string): RpcMessage | undefined {
  const candidates = contentType.includes("text/event-stream")
    ? body
        .split("\n")
        .filter((line) => line.startsWith("data:"))
        .map((line) => line.slice(5).trim())
        .reverse()
    : [body];
  for (const candidate of candidates) {
    try {
      const parsed = JSON.parse(candidate) as RpcMessage & { id?: unknown };
      if (parsed.result || parsed.error) return parsed;
    } catch {
      // not this one
    }
  }
  return undefined;
}
