/**
 * The Dataverse allowlist: environment URLs from ENTRA_MCP_DATAVERSE_URLS plus, when the description
 * says how, those discovered through the (allowlisted) Power Platform admin API. An `environment`
 * argument only selects one of these; it never supplies a host.
 */
import type { ApiTarget } from "../api-description.js";
import { ToolError } from "../tools/tool-error.js";
import type { ApiClient } from "./api-client.js";
import { buildUrl } from "./api-endpoint.js";
import { apiError } from "./api-error.js";
import { checkRelativePath } from "./safe-path.js";

export interface KnownEnvironment {
  origin: string;
  id: string | undefined;
  name: string | undefined;
}

const DISCOVERY_TTL_MS = 10 * 60 * 1000;

export class EnvironmentDirectory {
  private readonly configuredUrls: string[];
  private readonly client: ApiClient;
  private discovered: { at: number; list: KnownEnvironment[] } | undefined;

  constructor(configuredUrls: string[], client: ApiClient) {
    this.configuredUrls = configuredUrls;
    this.client = client;
  }

  /** The allowed origin selected by `arg` (URL, host, ID or name), or the only one there is. */
  async resolve(
    key: string,
    target: ApiTarget,
    arg: string | undefined,
    signal?: AbortSignal,
  ): Promise<string> {
    const configured = this.configured();
    const wanted = arg?.trim() || undefined;
    if (!wanted) {
      if (configured.length === 1) return configured[0] as string;
      const all =
        configured.length > 0
          ? configured.map((origin) => ({ origin, id: undefined, name: undefined }))
          : await this.discover(target, signal);
      if (all.length === 1) return (all[0] as KnownEnvironment).origin;
      throw new ToolError(
        "EnvironmentRequired",
        all.length === 0
          ? `no ${target.title ?? key} environment is known. Fix: set ENTRA_MCP_DATAVERSE_URLS to the environment URL(s), e.g. https://contoso.crm.dynamics.com.`
          : `several environments are allowed; pass "environment" as one of: ${describe(all)}.`,
      );
    }
    const asOrigin = toOrigin(wanted);
    if (asOrigin && configured.includes(asOrigin)) return asOrigin;
    const discovered = target.discovery ? await this.discover(target, signal) : [];
    const lower = wanted.toLowerCase();
    const match = discovered.find(
      (env) =>
        env.origin === asOrigin || env.id?.toLowerCase() === lower || env.name?.toLowerCase() === lower,
    );
    if (match) return match.origin;
    const known = new Map<string, KnownEnvironment>();
    for (const origin of configured) known.set(origin, { origin, id: undefined, name: undefined });
    for (const env of discovered) known.set(env.origin, env);
    throw new ToolError(
      "EnvironmentNotAllowed",
      `environment "${wanted.slice(0, 200)}" is not one this server may call. Allowed: ${known.size > 0 ? describe([...known.values()]) : "(none)"}. Fix: pass one of those, or add its URL to ENTRA_MCP_DATAVERSE_URLS.`,
    );
  }

  /** Every environment an `environment` argument may select: configured ones, then discovered ones. */
  async allowed(target: ApiTarget, signal?: AbortSignal): Promise<KnownEnvironment[]> {
    const known = new Map<string, KnownEnvironment>();
    for (const origin of this.configured()) known.set(origin, { origin, id: undefined, name: undefined });
    for (const env of target.discovery ? await this.discover(target, signal) : []) known.set(env.origin, env);
    return [...known.values()];
  }

  private configured(): string[] {
    return this.configuredUrls.map((value) => {
      const origin = toOrigin(value, true);
      if (!origin) {
        throw new ToolError(
          "ConfigInvalid",
          `ENTRA_MCP_DATAVERSE_URLS: "${value}" is not an https:// environment URL. Fix: list environment URLs separated by commas, e.g. https://contoso.crm.dynamics.com.`,
        );
      }
      return origin;
    });
  }

  private async discover(target: ApiTarget, signal?: AbortSignal): Promise<KnownEnvironment[]> {
    const how = target.discovery;
    if (!how) return [];
    if (this.discovered && Date.now() - this.discovered.at < DISCOVERY_TTL_MS) return this.discovered.list;
    const api = await this.client.resolve(how.api, undefined, signal);
    const mode = await this.client.mode();
    const url = buildUrl(api, checkRelativePath(how.path), undefined);
    const { result, token } = await this.client.send(api, mode, {
      method: "GET",
      url,
      idempotent: true,
      signal,
    });
    if (result.status >= 400) {
      throw apiError(result, {
        api,
        method: "GET",
        mode,
        token,
        permissions: undefined,
        manifest: this.client.description.permissions,
      });
    }
    const items = (result.body as { value?: unknown } | undefined)?.value;
    const list: KnownEnvironment[] = [];
    for (const item of Array.isArray(items) ? items : []) {
      const origin = toOrigin(String(pick(item, how.urlField) ?? ""), true);
      if (!origin) continue;
      const id = pick(item, how.idField ?? "name");
      const name = pick(item, how.nameField ?? "properties.displayName");
      list.push({
        origin,
        id: typeof id === "string" ? id : undefined,
        name: typeof name === "string" ? name : undefined,
      });
    }
    this.discovered = { at: Date.now(), list };
    return list;
  }
}

/** The https origin of a URL or bare host; undefined when it is not one (or has a path/userinfo). */
function toOrigin(value: string, strict = false): string | undefined {
  const text = value.trim();
  if (!text) return undefined;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : strict ? undefined : `https://${text}`;
  if (!withScheme) return undefined;
  try {
    const url = new URL(withScheme);
    if (url.protocol !== "https:" || url.username || url.password) return undefined;
    if (url.pathname !== "/" && url.pathname !== "") return undefined;
    if (url.search || url.hash) return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

function pick(item: unknown, path: string): unknown {
  let current: unknown = item;
  for (const part of path.split(".")) {
    if (!current || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function describe(list: KnownEnvironment[]): string {
  return list
    .slice(0, 20)
    .map((env) => (env.name ? `${env.name} (${env.origin})` : env.origin))
    .join(", ");
}
