/**
 * Where an API lives and which scopes its tokens need, from the cloud profile (or, for Dataverse, an
 * allowed environment URL). The origin resolved here is the only one a token for this API is sent to.
 */
import type { CloudProfile } from "@entra-mcp/auth-core";
import type { ApiTarget, AuthMode } from "../api-description.js";
import { ToolError } from "../tools/tool-error.js";
import type { RelativePath } from "./safe-path.js";

export interface ResolvedApi {
  key: string;
  title: string;
  target: ApiTarget;
  /** The allowlisted origin (https://host[:port]). */
  origin: string;
  /** origin + endpoint path + basePath, without a trailing slash. */
  base: string;
  /** The pathname every request URL of this API must stay under. */
  basePathname: string;
  scopes: string[];
  headers: Record<string, string>;
  /** For environment-url APIs: the environment origin (also the token audience). */
  environment: string | undefined;
}

/** Resolves an API with a fixed endpoint from the cloud profile. */
export function resolveCloudApi(
  key: string,
  target: ApiTarget,
  cloud: CloudProfile,
  mode: AuthMode,
): ResolvedApi {
  const resource = cloud.resources[target.resource];
  if (!resource) {
    throw new ToolError(
      "ApiNotInCloud",
      `the "${cloud.name}" cloud has no endpoint for ${target.title ?? key} (resource "${target.resource}"). Fix: use a cloud where the service exists, or add resources.${target.resource} to your custom cloud file (ENTRA_MCP_CLOUD).`,
    );
  }
  return build(key, target, resource.endpoint, resource.audience, mode, undefined);
}

/** Resolves an environment-url API (Dataverse) for one allowed environment origin. */
export function resolveEnvironmentApi(
  key: string,
  target: ApiTarget,
  environmentOrigin: string,
  mode: AuthMode,
): ResolvedApi {
  return build(key, target, environmentOrigin, environmentOrigin, mode, environmentOrigin);
}

function build(
  key: string,
  target: ApiTarget,
  endpoint: string,
  audience: string,
  mode: AuthMode,
  environment: string | undefined,
): ResolvedApi {
  const url = new URL(endpoint);
  const prefix = `${url.pathname.replace(/\/+$/, "")}${normalizeBasePath(target.basePath)}`;
  const aud = audience.replace(/\/+$/, "");
  const scopes = (target.scopes?.[mode] ?? ["{audience}/.default"]).map((scope) =>
    scope.replaceAll("{audience}", aud),
  );
  return {
    key,
    title: target.title ?? key,
    target,
    origin: url.origin,
    base: `${url.origin}${prefix}`,
    basePathname: prefix,
    scopes,
    headers: target.headers ?? {},
    environment,
  };
}

function normalizeBasePath(basePath: string): string {
  const trimmed = basePath.trim().replace(/\/+$/, "");
  if (!trimmed) return "";
  return trimmed.startsWith("/") ? trimmed : `/${trimmed}`;
}

/** True when a token for `api` may be sent to `url`: https, the API's exact origin, no userinfo. */
export function isAllowedUrl(api: ResolvedApi, url: URL): boolean {
  return url.protocol === "https:" && url.origin === api.origin && !url.username && !url.password;
}

/** True when `url`'s (normalized) path is the API's base path or below it ("/v1.0evil" is not). */
export function isUnderBasePath(api: ResolvedApi, url: URL): boolean {
  if (!api.basePathname) return true;
  return url.pathname === api.basePathname || url.pathname.startsWith(`${api.basePathname}/`);
}

/** Builds the request URL for a checked relative path plus query parameters, and re-checks it. */
export function buildUrl(
  api: ResolvedApi,
  relative: RelativePath,
  params: Record<string, unknown> | undefined,
): URL {
  const query = [relative.query, encodeQuery(params)].filter(Boolean).join("&");
  const url = new URL(`${api.base}${relative.path}${query ? `?${query}` : ""}`);
  if (!isAllowedUrl(api, url) || !isUnderBasePath(api, url)) {
    throw new ToolError(
      "PathNotAllowed",
      `path resolves outside ${api.base}. Fix: give a path relative to the API base, e.g. "/users".`,
    );
  }
  return url;
}

const QUERY_KEY = /^[$@A-Za-z0-9_.:-]{1,100}$/;

/** Encodes query parameters; OData's "$" stays readable. Undefined values are dropped. */
export function encodeQuery(params: Record<string, unknown> | undefined): string {
  if (!params) return "";
  const parts: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    if (!QUERY_KEY.test(name)) {
      throw new ToolError(
        "InvalidArgument",
        `query parameter name "${name.slice(0, 100)}" is not allowed. Fix: use names like $filter, $select, api-version.`,
      );
    }
    const text = typeof value === "object" ? JSON.stringify(value) : String(value);
    parts.push(`${encodeURIComponent(name).replace(/%24/g, "$")}=${encodeURIComponent(text)}`);
  }
  return parts.join("&");
}
