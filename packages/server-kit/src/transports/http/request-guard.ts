/**
 * DNS-rebinding protection: the Host header must name this server and an Origin header, when a
 * browser sends one, must be allowed. A page on evil.example whose name was rebound to 127.0.0.1
 * sends Host and Origin of evil.example; both are refused before anything else runs.
 */
import type { IncomingMessage } from "node:http";
import { isLoopback } from "./hosted-settings.js";

export interface Allowed {
  hosts: Set<string>;
  origins: Set<string>;
}

/** The hosts and origins this server answers: the public URL's, the loopback address it listens on, and the configured ones. */
export function allowedFor(
  publicUrl: URL,
  listening: { host: string; port: number },
  extra: { hosts: string[]; origins: string[] },
): Allowed {
  const hosts = new Set<string>([publicUrl.host.toLowerCase(), ...extra.hosts]);
  const origins = new Set<string>([publicUrl.origin, ...extra.origins]);
  if (isLoopback(listening.host)) {
    for (const name of ["127.0.0.1", "localhost", "[::1]"]) {
      hosts.add(`${name}:${listening.port}`);
      origins.add(`http://${name}:${listening.port}`);
    }
  }
  return { hosts, origins };
}

export type GuardFailure = { status: 403; message: string };

/** Undefined when Host and Origin are acceptable; else what to answer. */
export function checkHostAndOrigin(req: IncomingMessage, allowed: Allowed): GuardFailure | undefined {
  const host = req.headers.host?.toLowerCase();
  if (!host || !allowed.hosts.has(host)) {
    return {
      status: 403,
      message: `Host "${host ?? ""}" is not this server's. Fix: call the server at its public URL (ENTRA_MCP_PUBLIC_URL); an operator behind a proxy that rewrites Host lists it in ENTRA_MCP_HTTP_ALLOWED_HOSTS.`,
    };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !allowed.origins.has(origin)) {
    return {
      status: 403,
      message: `Origin "${origin}" is not allowed to call this server. Fix: an operator who trusts that web app lists its origin in ENTRA_MCP_HTTP_ALLOWED_ORIGINS.`,
    };
  }
  return undefined;
}
