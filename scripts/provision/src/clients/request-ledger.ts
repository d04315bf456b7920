/**
 * Every request provisioning sends, classified as a read or a write. `--plan` depends on it: a ledger
 * in read-only mode refuses a write before it leaves the process, so a plan cannot change anything.
 */

export type RequestKind = "read" | "write";

export interface LedgerEntry {
  kind: RequestKind;
  method: string;
  api: string;
  /** Host and path only: no query string (it may name people) and never a token. */
  target: string;
}

/** Thrown when something tries to write while the ledger is read-only (a bug, never a user error). */
export class WriteInPlanError extends Error {
  constructor(entry: Omit<LedgerEntry, "kind">) {
    super(`${entry.api}: refused ${entry.method} ${entry.target} while planning (a plan makes no changes).`);
    this.name = "WriteInPlanError";
  }
}

/** GET, HEAD and OPTIONS read; everything else writes. */
export function classifyMethod(method: string): RequestKind {
  const upper = method.toUpperCase();
  return upper === "GET" || upper === "HEAD" || upper === "OPTIONS" ? "read" : "write";
}

export class RequestLedger {
  private readonly list: LedgerEntry[] = [];
  /** When true, `record` throws for writes instead of letting them through. */
  readOnly = false;

  /** Records one request about to be sent; throws WriteInPlanError for a write in read-only mode. */
  record(method: string, api: string, url: string): RequestKind {
    const parsed = new URL(url);
    const entry = { method: method.toUpperCase(), api, target: `${parsed.host}${parsed.pathname}` };
    const kind = classifyMethod(method);
    if (kind === "write" && this.readOnly) throw new WriteInPlanError(entry);
    this.list.push({ kind, ...entry });
    return kind;
  }

  get reads(): number {
    return this.list.filter((entry) => entry.kind === "read").length;
  }

  get writes(): number {
    return this.list.filter((entry) => entry.kind === "write").length;
  }

  entries(): readonly LedgerEntry[] {
    return this.list;
  }
}
