/**
 * One sample call made for real against the emulator: the op's path filled from the sample args,
 * its query() and headers(), the API's headers, JSON body, and a bearer token for the sample's mode
 * from auth-core. Returns the raw response (status, headers, parsed JSON) — no product post-processing,
 * since the body check is about what the emulator sends.
 */
import type { ApiDescription, AuthMode, OperationDescription } from "@entra-mcp/server-kit";
import { loadAuthCore, type SampleAuth } from "./auth-core.js";

export interface SampleResponse {
  status: number;
  headers: Headers;
  body: unknown;
  url: string;
}

export interface CallEnv {
  /** The environment a server gets in this mode (emulator endpoints, cache dir, browser). */
  env(mode: AuthMode): NodeJS.ProcessEnv;
}

const auths = new Map<
  AuthMode,
  Promise<{
    auth: SampleAuth;
    cloud: { resources: Record<string, { endpoint: string; audience: string } | undefined> };
  }>
>();

async function authFor(mode: AuthMode, callEnv: CallEnv) {
  let entry = auths.get(mode);
  if (!entry) {
    entry = loadAuthCore().then((core) => {
      const config = core.loadAuthConfig(callEnv.env(mode));
      return { auth: core.createAuth(config, { persistentCache: false }), cloud: config.cloud };
    });
    auths.set(mode, entry);
  }
  return entry;
}

/** Forget the auth objects (a new emulator means new keys). */
export function resetSampleAuth(): void {
  auths.clear();
}

function fill(template: string, args: Record<string, unknown>): string {
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (_, name: string) => {
    const value = args[name];
    if (value === undefined || value === null || value === "")
      throw new Error(`sample args lack "${name}" for the path ${template}`);
    return encodeURIComponent(String(value));
  });
}

/** Where an API of the description is at the emulator, and a token for it. */
async function resolveApi(description: ApiDescription, apiKey: string, mode: AuthMode, callEnv: CallEnv) {
  const target = description.apis[apiKey];
  if (!target) throw new Error(`api "${apiKey}" is not in the description`);
  const { auth, cloud } = await authFor(mode, callEnv);
  const resource = cloud.resources[target.resource];
  if (!resource) throw new Error(`the emulator cloud has no resource "${target.resource}"`);
  const endpoint = resource.endpoint.replace(/\/+$/, "");
  const audience = resource.audience.replace(/\/+$/, "");
  const scopes = (target.scopes?.[mode] ?? ["{audience}/.default"]).map((s) =>
    s.replaceAll("{audience}", audience),
  );
  const token = await auth.getToken(scopes, { mode });
  return { target, base: `${endpoint}${target.basePath}`, token: token.accessToken };
}

async function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: unknown,
): Promise<SampleResponse> {
  const response = await fetch(url, {
    method,
    headers: {
      ...headers,
      accept: "application/json",
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: unknown;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: response.status, headers: response.headers, body: parsed, url: url.pathname };
}

export async function callSample(
  description: ApiDescription,
  op: OperationDescription,
  args: Record<string, unknown>,
  mode: AuthMode,
  callEnv: CallEnv,
): Promise<SampleResponse> {
  const { target, base, token } = await resolveApi(
    description,
    op.api ?? description.defaultApi,
    mode,
    callEnv,
  );
  // As the product encodes it: OData's "$" stays readable in the names.
  const query = Object.entries(op.query?.(args) ?? {})
    .filter(([, value]) => value !== undefined)
    .map(
      ([name, value]) =>
        `${encodeURIComponent(name).replaceAll("%24", "$")}=${encodeURIComponent(String(value))}`,
    )
    .join("&");
  const url = new URL(`${base}${fill(op.path, args)}${query ? `?${query}` : ""}`);
  const headers = {
    ...(target.headers ?? {}),
    ...(op.headers?.(args) ?? {}),
    authorization: `Bearer ${token}`,
  };
  return send(url, op.method, headers, op.body?.(args));
}

export interface FollowedResponse extends SampleResponse {
  /** The path relative to the API base, e.g. "/operations/{id}" filled: which spec operation answered. */
  relativePath: string;
}

const RUNNING = new Set(["notstarted", "inprogress", "running", "queued", "waiting", "accepted", "unknown"]);
const SUCCEEDED = new Set(["succeeded", "completed", "success"]);

/**
 * Follows a 202 the way the product does (server-kit long-running.ts): GET its Location until a
 * terminal state, then, for a Fabric operation that succeeded, the Location the state names
 * (.../result). Returns every response on the way, so each can be checked against its own spec path.
 */
export async function followLongRunning(
  description: ApiDescription,
  op: OperationDescription,
  mode: AuthMode,
  callEnv: CallEnv,
  accepted: SampleResponse,
  deadlineMs = 30_000,
): Promise<FollowedResponse[]> {
  const { target, base, token } = await resolveApi(
    description,
    op.api ?? description.defaultApi,
    mode,
    callEnv,
  );
  const basePath = new URL(base).pathname.replace(/\/+$/, "");
  const headers = { ...(target.headers ?? {}), authorization: `Bearer ${token}` };
  const seen: FollowedResponse[] = [];
  let location = accepted.headers.get("location");
  const deadline = Date.now() + deadlineMs;
  while (location && Date.now() < deadline) {
    const url = new URL(location, base);
    if (url.origin !== new URL(base).origin || !url.pathname.startsWith(basePath)) {
      throw new Error(`${op.name}: Location ${url.href} leaves the API (${base})`);
    }
    const response = await send(url, "GET", headers, undefined);
    seen.push({ ...response, relativePath: url.pathname.slice(basePath.length) });
    if (response.status >= 400) break;
    const state = String((response.body as { status?: unknown } | undefined)?.status ?? "").toLowerCase();
    const next = response.headers.get("location");
    if (response.status === 202 || RUNNING.has(state)) {
      const after = Number(response.headers.get("retry-after"));
      await new Promise((done) =>
        setTimeout(done, Math.min(Number.isFinite(after) && after > 0 ? after * 1000 : 200, 2000)),
      );
      location = next ?? location;
      continue;
    }
    location = SUCCEEDED.has(state) && next && new URL(next, base).href !== url.href ? next : null;
  }
  return seen;
}
