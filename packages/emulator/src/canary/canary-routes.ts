import type { Hono } from "hono";
import { redactPath } from "../http/redact-path.js";

/** A request that reached the canary origin: it should never happen in a passing test. */
export interface CanaryHit {
  time: string;
  method: string;
  /** Path and query, secret parameters redacted. */
  path: string;
  /** Whether the request carried an Authorization header (a leaked token, if so). */
  hadAuthorization: boolean;
}

/** Every request the canary origin received. */
export class CanaryLog {
  private readonly hits: CanaryHit[] = [];

  record(hit: CanaryHit): void {
    this.hits.push(hit);
  }

  list(): CanaryHit[] {
    return this.hits.map((h) => ({ ...h }));
  }

  clear(): void {
    this.hits.length = 0;
  }
}

/**
 * The canary: an origin that exists only to be pointed at (redirects, nextLinks, look-alike
 * hosts) in host-pinning tests. It answers everything with 599 so a client that follows
 * anyway fails loudly, and records the request so the test can assert none arrived.
 */
export function registerCanaryRoutes(app: Hono, log: CanaryLog): void {
  app.all("*", (c) => {
    log.record({
      time: new Date().toISOString(),
      method: c.req.method,
      path: redactPath(new URL(c.req.url)),
      hadAuthorization: c.req.header("authorization") !== undefined,
    });
    return new Response(
      JSON.stringify({ error: { code: "CanaryHit", message: "This origin must never be called." } }),
      { status: 599, headers: { "Content-Type": "application/json" } },
    );
  });
}
