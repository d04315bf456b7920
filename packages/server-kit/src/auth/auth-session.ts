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
let markLoaded: () => void = () => {};
const coreLoaded = new Promise<void>((resolve) => {
  markLoaded = resolve;
});
const sessions = new Map<string, AuthSession>();

/** auth-core, loaded once; its log lines go to stderr and MCP logging notifications from then on. */
export function loadAuthCore(): Promise<AuthCore> {
  corePromise ??= import("@entra-mcp/auth-core").then(
    (core) => {
      core.setLogSink((level, line) => emitLogLine(level, line));
      loadedCore = core;
      markLoaded();
      return core;
    },
    (error: unknown) => {
      corePromise = undefined;
      throw damagedInstall(error);
    },
  );
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

/** Resolves once auth-core (MSAL, the Azure SDK) has loaded: the heavy part of start-up is over. */
export function authCoreLoaded(): Promise<void> {
  return coreLoaded;
}

/** auth-core's redaction once it is loaded (before that no token can exist in this process). */
export function loadedRedact(): ((text: string) => string) | undefined {
  return loadedCore?.redact;
}

/** A missing chunk of a bundled server: the install is damaged; say so and how to repair it. */
function damagedInstall(error: unknown): Error {
  const code = (error as { code?: unknown }).code;
  if (code !== "ERR_MODULE_NOT_FOUND" && !(error instanceof SyntaxError)) return error as Error;
  const what = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return new Error(
    `the server's auth libraries could not be loaded: this installation is damaged (${what}). Fix: reinstall it — npx: delete npx's copy (the _npx folder in \`npm config get cache\`) and start it again; Claude Desktop: remove the extension and install the .mcpb again.`,
    { cause: error },
  );
}

const fingerprints = new WeakMap<NodeJS.ProcessEnv, string>();
// process.env is live, so its fingerprint is only reused for this long: every tool call asks for the
// session two or three times, and reading process.env (a native interceptor per variable) cost ~0.1 ms
// each time, a measurable part of a warm call (pnpm bench, calls). A change is still seen within it.
const LIVE_ENV_REUSE_MS = 250;
let liveEnv: { key: string; at: number } | undefined;

function fingerprint(env: NodeJS.ProcessEnv): string {
  const live = env === process.env;
  if (live) {
    if (liveEnv && performance.now() - liveEnv.at < LIVE_ENV_REUSE_MS) return liveEnv.key;
  } else {
    const known = fingerprints.get(env);
    if (known) return known;
  }
  // Names first, values only of the matching ones: a third of the cost of Object.entries(process.env).
  const parts: string[] = [];
  for (const name of Object.keys(env)) {
    if (name.startsWith("ENTRA_MCP_") || name.startsWith("AZURE_")) parts.push(`${name}=${env[name]}`);
  }
  const key = parts.sort().join("\n");
  if (live) liveEnv = { key, at: performance.now() };
  else fingerprints.set(env, key);
  return key;
}
