/** One request as the emulator saw it. Never holds tokens, assertions, secrets, codes or bodies. */
export interface RequestLogEntry {
  /** Increases by one per logged request, across all origins. */
  seq: number;
  /** ISO timestamp (real clock) of when the request arrived. */
  time: string;
  method: string;
  /** Which emulated service answered: "login", "vault", "graph", ... */
  origin: string;
  /** The origin URL, e.g. https://127.0.0.1:50123. */
  url: string;
  /** Path and query, with secret-bearing query parameters redacted. */
  path: string;
  status: number;
  durationMs: number;
  /** The client's TCP port: requests with the same one came over one (keep-alive) connection. */
  clientPort?: number;
  /** Decoded from the bearer token, when one was sent. */
  aud?: string;
  appid?: string;
  oid?: string;
  /** From token-endpoint form posts. */
  grantType?: string;
  scope?: string;
  clientId?: string;
  /** True when an injected fault produced the response. */
  fault?: boolean;
}

/** Selects log entries; every given field must match (path: substring or RegExp). */
export interface RequestFilter {
  origin?: string;
  method?: string;
  path?: string | RegExp;
  status?: number;
  grantType?: string;
  aud?: string;
}

export type RequestPredicate = (entry: RequestLogEntry) => boolean;

/** The shared, append-only request log of one emulator instance. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  append(entry: Omit<RequestLogEntry, "seq">): RequestLogEntry {
    this.seq += 1;
    const full = { seq: this.seq, ...entry };
    this.entries.push(full);
    return full;
  }

  list(filter?: RequestFilter | RequestPredicate): RequestLogEntry[] {
    const copy = this.entries.map((e) => ({ ...e }));
    if (!filter) return copy;
    const predicate = typeof filter === "function" ? filter : toPredicate(filter);
    return copy.filter(predicate);
  }

  clear(): void {
    this.entries = [];
  }
}

function toPredicate(filter: RequestFilter): RequestPredicate {
  return (e) =>
    (filter.origin === undefined || e.origin === filter.origin) &&
    (filter.method === undefined || e.method === filter.method.toUpperCase()) &&
    (filter.status === undefined || e.status === filter.status) &&
    (filter.grantType === undefined || e.grantType === filter.grantType) &&
    (filter.aud === undefined || e.aud === filter.aud) &&
    (filter.path === undefined ||
      (typeof filter.path === "string" ? e.path.includes(filter.path) : filter.path.test(e.path)));
}
