/**
 * The one auth object of a process, created on the first tool call that needs it. auth-core (and with
 * it MSAL and the Azure SDK) is imported here and nowhere else, so start-up loads no auth library.
 */
import type { Auth, AuthConfig } from "@entra-mcp/auth-core";
import { emitLogLine } from "../logging.js";

type AuthCore = typeof import("@entra-mcp/auth-core");

export interface AuthSession {
  core: AuthCore;
  config: AuthConfig;
  auth: Auth;
}

let corePromise: Promise<AuthCore> | undefined;
let loadedCore: AuthCore | undefined;
const sessions = new Map<string, AuthSession>();

/** auth-core, loaded once; its log lines go to stderr and MCP logging notifications from then on. */
export function loadAuthCore(): Promise<AuthCore> {
  corePromise ??= import("@entra-mcp/auth-core").then((core) => {
    core.setLogSink((level, line) => emitLogLine(level, line));
    loadedCore = core;
    return core;
  });
  return corePromise;
}

/**
 * The auth session for this environment: config validated once, one `createAuth` per distinct
 * ENTRA_MCP_* / AZURE_* environment (one per process in practice). Config errors are not cached, so a
 * fixed config file is picked up by the next call.
 */
export async function authSession(env: NodeJS.ProcessEnv): Promise<AuthSession> {
  const key = fingerprint(env);
  const existing = sessions.get(key);
  if (existing) return existing;
  const core = await loadAuthCore();
  const raced = sessions.get(key);
  if (raced) return raced;
  const config = core.loadAuthConfig(env);
  const session = { core, config, auth: core.createAuth(config) };
  sessions.set(key, session);
  return session;
}

/** auth-core's redaction once it is loaded (before that no token can exist in this process). */
export function loadedRedact(): ((text: string) => string) | undefined {
  return loadedCore?.redact;
}

const fingerprints = new WeakMap<NodeJS.ProcessEnv, string>();

function fingerprint(env: NodeJS.ProcessEnv): string {
  // process.env is live; only other env objects (given by the caller, fixed) are memoized.
  if (env !== process.env) {
    const known = fingerprints.get(env);
    if (known) return known;
  }
  const parts: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith("ENTRA_MCP_") || name.startsWith("AZURE_")) parts.push(`${name}=${value}`);
  }
  const key = parts.sort().join("\n");
  if (env !== process.env) fingerprints.set(env, key);
  return key;
}
