/**
 * `provision --hosted`: the public URL MCP clients use and the client IDs to pre-authorize, checked
 * before anything touches the tenant (a typo here should not cost a run).
 */
import { UsageError } from "../errors.js";

export interface HostedOptions {
  /** The URL MCP clients use for the server (the RFC 9728 resource), normalized. */
  publicUrl: string;
  /** Client (application) IDs pre-authorized for access_as_user, lower case, in order given. */
  preAuthorize: string[];
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The same loopback rule as the hosted server's own (server-kit hosted-settings.ts). */
export function isLoopbackHost(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return bare === "localhost" || bare === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

/** A hosted server's URL: https (plain http only on a loopback host), no query or fragment. */
export function hostedUrl(flag: string, value: string | undefined): string {
  const example = "e.g. https://mcp.contoso.com/graph/mcp";
  if (!value)
    throw new UsageError(`${flag}: the hosted server's URL is missing.`, `pass ${flag} <url>, ${example}.`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${flag}: "${value}" is not a URL.`, `give the URL MCP clients use, ${example}.`);
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(url.hostname))) {
    throw new UsageError(
      `${flag}: "${value}" is not https (plain http is allowed only on a loopback host, for local testing).`,
      `put the server behind TLS and give its https URL, ${example}.`,
    );
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new UsageError(
      `${flag}: "${value}" has a query, fragment or user name; it is the resource identifier clients sign in for.`,
      `give the bare URL, ${example}.`,
    );
  }
  // As the server's metadata names it: a bare origin has no trailing "/".
  return url.pathname === "/" ? url.origin : url.href;
}

export function hostedOptions(publicUrl: string | undefined, preAuthorize: string[]): HostedOptions {
  const ids = preAuthorize.map((id) => {
    if (!GUID.test(id)) {
      throw new UsageError(
        `--preauthorize: "${id}" is not a client ID.`,
        "give the MCP client's Application (client) ID, a GUID like 00000000-0000-0000-0000-000000000000 (comma-separated for several).",
      );
    }
    return id.toLowerCase();
  });
  return { publicUrl: hostedUrl("--public-url", publicUrl), preAuthorize: [...new Set(ids)] };
}
