/** What the next matching request(s) should get instead of (or before) the real answer. */
export interface Fault {
  /** Only requests to this origin ("login", "vault", "graph", ...). */
  origin?: string;
  method?: string;
  /** Substring of path+query, or "/regex/" (string form, for the HTTP admin API), or a RegExp. */
  path?: string | RegExp;
  /** How many matching requests the fault applies to. Default 1. */
  count?: number;
  /** Respond with this status instead of handling the request. Omit to only delay. */
  status?: number;
  /** Retry-After header value: seconds, or an HTTP date string. */
  retryAfter?: number | string;
  /** Wait this long first; with no status the request then proceeds normally. */
  delayMs?: number;
  /** Response body (JSON-serialised unless a string). A default error body is used when omitted. */
  body?: unknown;
}

interface ArmedFault {
  fault: Fault;
  pathPattern?: (path: string) => boolean;
  remaining: number;
}

/** Faults waiting to fire, matched in the order they were added. */
export class FaultRegistry {
  private armed: ArmedFault[] = [];

  add(fault: Fault): void {
    const count = fault.count ?? 1;
    if (!Number.isInteger(count) || count < 1) {
      throw new Error(`fault.count: must be a positive integer, got ${String(fault.count)}.`);
    }
    if (fault.status === undefined && fault.delayMs === undefined) {
      throw new Error("fault: give a status, a delayMs, or both.");
    }
    this.armed.push({ fault, remaining: count, ...withPathPattern(fault.path) });
  }

  /** Consumes one use of the first fault matching this request, if any. */
  take(origin: string, method: string, path: string): Fault | undefined {
    const hit = this.armed.find(
      (a) =>
        a.remaining > 0 &&
        (a.fault.origin === undefined || a.fault.origin === origin) &&
        (a.fault.method === undefined || a.fault.method.toUpperCase() === method) &&
        (a.pathPattern === undefined || a.pathPattern(path)),
    );
    if (!hit) return undefined;
    hit.remaining -= 1;
    this.armed = this.armed.filter((a) => a.remaining > 0);
    return hit.fault;
  }

  clear(): void {
    this.armed = [];
  }
}

function withPathPattern(path: Fault["path"]): { pathPattern?: (p: string) => boolean } {
  if (path === undefined) return {};
  if (path instanceof RegExp) return { pathPattern: (p) => path.test(p) };
  // "/pattern/flags" is a regex only when the tail is a valid flag set: "/v1/workspaces" is a path.
  const regex = /^\/(.+)\/([dgimsuvy]*)$/.exec(path);
  if (regex?.[1] !== undefined && new Set(regex[2]).size === (regex[2] ?? "").length) {
    const compiled = new RegExp(regex[1], regex[2]);
    return { pathPattern: (p) => compiled.test(p) };
  }
  return { pathPattern: (p) => p.includes(path) };
}

/** Body used when a fault gives a status but no body, shaped like Azure's generic errors. */
export function defaultFaultBody(status: number, retryAfter: Fault["retryAfter"]): unknown {
  if (status === 429) {
    const wait = retryAfter === undefined ? "" : ` Try again in ${String(retryAfter)} seconds.`;
    return { error: { code: "TooManyRequests", message: `Rate limit is exceeded.${wait}` } };
  }
  if (status >= 500) {
    return { error: { code: "ServiceUnavailable", message: "The service is temporarily unavailable." } };
  }
  return { error: { code: "InjectedFault", message: `Injected fault with status ${status}.` } };
}
