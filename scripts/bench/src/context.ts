/**
 * What every table of `pnpm bench` shares: the emulator (default seed), the base environment a server
 * process gets (emulator env, a throwaway HOME, plaintext token cache in a temp dir), output helpers
 * and the request counts of the emulator log.
 */
import type { DefaultTenant, Emulator } from "@entra-mcp/emulator";

export type Env = Record<string, string>;

export interface BenchContext {
  emulator: Emulator<DefaultTenant>;
  /** Emulator env + PATH, HOME/XDG_CONFIG_HOME in `home`, ENTRA_MCP_CACHE_PLAINTEXT=true. */
  env: Env;
  /** A temp dir removed at the end of the run; make sub-directories freely. */
  home: string;
}

export const out = (text = "") => process.stdout.write(`${text}\n`);
export const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : "n/a");
export const ratio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}x` : "n/a");
export const verdict = (value: number, target: number) =>
  Number.isFinite(value) ? (value <= target ? "met" : "NOT met") : "n/a";

/** Requests of one run, from the emulator log (cleared before the run). */
export interface RequestCounts {
  /** Token endpoint posts (any grant: the Azure login's vault token and the app's token). */
  token: number;
  /** Other login-origin requests: OpenID configuration, instance discovery. */
  discovery: number;
  /** Key Vault requests, the 401 challenge included. */
  vault: number;
  /** The resource APIs (Graph, ...). */
  api: number;
  total: number;
}

export function requestCounts(emulator: Emulator<DefaultTenant>): RequestCounts {
  const log = emulator.requests();
  const token = log.filter((r) => r.origin === "login" && r.grantType !== undefined).length;
  const login = log.filter((r) => r.origin === "login").length;
  const vault = log.filter((r) => r.origin === "vault").length;
  return { token, discovery: login - token, vault, api: log.length - login - vault, total: log.length };
}

/** "2 token + 1 discovery + 3 vault + 1 API = 7"; several values when runs differ ("3/4"). */
export function describeCounts(runs: RequestCounts[]): string {
  const pick = (key: keyof RequestCounts) => [...new Set(runs.map((run) => run[key]))].join("/");
  return `${pick("token")} token + ${pick("discovery")} discovery + ${pick("vault")} vault + ${pick("api")} API = ${pick("total")}`;
}
