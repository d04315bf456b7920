/**
 * The server-kit's own settings, read once per server from ENTRA_MCP_* variables. Auth settings are
 * auth-core's business and are read only when the first tool call needs them.
 */

export interface KitSettings {
  allowWrites: boolean;
  /** ENTRA_MCP_TOOLS as given: tool and preset names (undefined = the default list; tools/tool-selection.ts). */
  tools: string[] | undefined;
  maxResultBytes: number;
  maxPages: number;
  maxItems: number;
  http: {
    maxAttempts: number;
    maxWaitMs: number;
    timeoutMs: number;
    /** Requests in flight at once per origin (the rest queue). */
    maxConcurrency: number;
    /** Largest response body read into memory. */
    maxResponseBytes: number;
  };
  lro: {
    timeoutMs: number;
    /** First poll interval when the service gives no usable Retry-After (it then grows to maxPollMs). */
    minPollMs: number;
    maxPollMs: number;
  };
  /** ENTRA_MCP_DATAVERSE_URLS as given (validated when used). */
  environmentUrls: string[];
  logLevel: "debug" | "info" | "warn" | "error";
  /** Problems found while reading (e.g. a number that is not one); warned about on stderr. */
  warnings: string[];
}

/** Reads the server-kit settings; never throws: bad values fall back to defaults with a warning. */
export function readSettings(env: NodeJS.ProcessEnv): KitSettings {
  const warnings: string[] = [];
  const number = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max) {
      warnings.push(`${name}: "${raw}" is not a number from ${min} to ${max}; using ${fallback}.`);
      return fallback;
    }
    return value;
  };
  const bool = (name: string): boolean => {
    const raw = env[name]?.trim().toLowerCase();
    if (!raw || raw === "false" || raw === "0" || raw === "no") return false;
    if (raw === "true" || raw === "1" || raw === "yes") return true;
    warnings.push(`${name}: "${env[name]}" is not true or false; using false.`);
    return false;
  };
  const list = (name: string): string[] | undefined => {
    const raw = env[name]?.trim();
    if (!raw) return undefined;
    return raw
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean);
  };
  const level = env.ENTRA_MCP_LOG_LEVEL?.trim().toLowerCase();
  return {
    allowWrites: bool("ENTRA_MCP_ALLOW_WRITES"),
    tools: list("ENTRA_MCP_TOOLS"),
    maxResultBytes: number("ENTRA_MCP_MAX_RESULT_BYTES", 25 * 1024, 1024, 10 * 1024 * 1024),
    maxPages: number("ENTRA_MCP_MAX_PAGES", 5, 1, 100),
    maxItems: number("ENTRA_MCP_MAX_ITEMS", 200, 1, 10_000),
    http: {
      maxAttempts: number("ENTRA_MCP_HTTP_MAX_ATTEMPTS", 4, 1, 10),
      maxWaitMs: number("ENTRA_MCP_HTTP_MAX_WAIT_SECONDS", 30, 0, 600) * 1000,
      timeoutMs: number("ENTRA_MCP_HTTP_TIMEOUT_SECONDS", 60, 1, 600) * 1000,
      maxConcurrency: number("ENTRA_MCP_HTTP_MAX_CONCURRENCY", 4, 1, 64),
      maxResponseBytes: 16 * 1024 * 1024,
    },
    lro: {
      timeoutMs: number("ENTRA_MCP_LRO_TIMEOUT_SECONDS", 50, 1, 3600) * 1000,
      minPollMs: 1000,
      maxPollMs: 10_000,
    },
    environmentUrls: list("ENTRA_MCP_DATAVERSE_URLS") ?? [],
    logLevel: level === "debug" || level === "info" || level === "error" ? level : "warn",
    warnings,
  };
}
