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

export async function callSample(
  description: ApiDescription,
  op: OperationDescription,
  args: Record<string, unknown>,
  mode: AuthMode,
  callEnv: CallEnv,
): Promise<SampleResponse> {
  const apiKey = op.api ?? description.defaultApi;
  const target = description.apis[apiKey];
  if (!target) throw new Error(`${op.name}: api "${apiKey}" is not in the description`);
  const { auth, cloud } = await authFor(mode, callEnv);
  const resource = cloud.resources[target.resource];
  if (!resource) throw new Error(`the emulator cloud has no resource "${target.resource}"`);
  const endpoint = resource.endpoint.replace(/\/+$/, "");
  const audience = resource.audience.replace(/\/+$/, "");
  const scopes = (target.scopes?.[mode] ?? ["{audience}/.default"]).map((s) =>
    s.replaceAll("{audience}", audience),
  );
  const token = await auth.getToken(scopes, { mode });
  // As the product encodes it: OData's "$" stays readable in the names.
  const query = Object.entries(op.query?.(args) ?? {})
    .filter(([, value]) => value !== undefined)
    .map(
      ([name, value]) =>
        `${encodeURIComponent(name).replaceAll("%24", "$")}=${encodeURIComponent(String(value))}`,
    )
    .join("&");
  const url = new URL(`${endpoint}${target.basePath}${fill(op.path, args)}${query ? `?${query}` : ""}`);
  const body = op.body?.(args);
  const response = await fetch(url, {
    method: op.method,
    headers: {
      ...(target.headers ?? {}),
      ...(op.headers?.(args) ?? {}),
      authorization: `Bearer ${token.accessToken}`,
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
