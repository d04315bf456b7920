/**
 * The per-server gateway to the APIs of one description: resolves an API (cloud endpoint or allowed
 * Dataverse environment), acquires tokens lazily through the process's auth session, and sends calls.
 */
import type { ApiDescription, AuthMode, HttpMethod } from "../api-description.js";
import { type AuthSession, authSession } from "../auth/auth-session.js";
import { hostedSession } from "../auth/hosted-auth.js";
import { currentRequest } from "../auth/request-context.js";
import type { KitSettings } from "../settings.js";
import { ToolError } from "../tools/tool-error.js";
import { type ResolvedApi, resolveCloudApi, resolveEnvironmentApi } from "./api-endpoint.js";
import { EnvironmentDirectory, type KnownEnvironment } from "./environments.js";
import { type HttpResult, send } from "./http-client.js";

export interface SendOptions {
  method: HttpMethod;
  url: URL;
  body?: string | undefined;
  headers?: Record<string, string>;
  idempotent: boolean;
  signal?: AbortSignal | undefined;
}

export class ApiClient {
  readonly description: ApiDescription;
  readonly settings: KitSettings;
  private readonly env: NodeJS.ProcessEnv;
  private readonly userAgent: string;
  private readonly resolved = new Map<string, ResolvedApi>();
  private readonly environments: EnvironmentDirectory;

  constructor(description: ApiDescription, settings: KitSettings, env: NodeJS.ProcessEnv) {
    this.description = description;
    this.settings = settings;
    this.env = env;
    this.userAgent = `entra-mcp-${description.name}/${description.version}`;
    this.environments = new EnvironmentDirectory(settings.environmentUrls, this);
  }

  /**
   * Loads auth-core and validates the config (no network); auth-core errors carry a fix. Inside a
   * hosted request made by a user, calls run delegated (On-Behalf-Of that user), whatever the
   * process's own mode; an app caller (admitted by its app role) runs app-only.
   */
  async session(): Promise<AuthSession> {
    const session = await authSession(this.env);
    const user = currentRequest()?.user;
    return user ? hostedSession(session, user) : session;
  }

  /** The auth mode calls run in (ENTRA_MCP_AUTH_MODE / config file). */
  async mode(): Promise<AuthMode> {
    return (await this.session()).config.mode;
  }

  /** Resolves API `key`; environment-url APIs pick an allowed environment from `environment`. */
  async resolve(key: string, environment?: string, signal?: AbortSignal): Promise<ResolvedApi> {
    const target = this.description.apis[key];
    if (!target) throw new ToolError("UnknownApi", `this server has no API "${key}".`);
    const { config } = await this.session();
    if (target.dynamic === "environment-url") {
      const origin = await this.environments.resolve(key, target, environment, signal);
      const cacheKey = `${key}|${origin}|${config.mode}`;
      let api = this.resolved.get(cacheKey);
      if (!api) {
        api = resolveEnvironmentApi(key, target, origin, config.mode);
        this.resolved.set(cacheKey, api);
      }
      return api;
    }
    const cacheKey = `${key}|${config.mode}`;
    let api = this.resolved.get(cacheKey);
    if (!api) {
      api = resolveCloudApi(key, target, config.cloud, config.mode);
      this.resolved.set(cacheKey, api);
    }
    return api;
  }

  /** The environments an environment-url API `key` may call (configured, then discovered). */
  async allowedEnvironments(key: string, signal?: AbortSignal): Promise<KnownEnvironment[]> {
    const target = this.description.apis[key];
    if (!target) throw new ToolError("UnknownApi", `this server has no API "${key}".`);
    return this.environments.allowed(target, signal);
  }

  /** A token for `api` in `mode` (auth-core caches it; nothing is returned to callers). */
  async token(api: ResolvedApi, mode: AuthMode): Promise<string> {
    // In a hosted request this is On-Behalf-Of the caller (hosted-auth.ts): the inbound token never
    // leaves the server, it is only the assertion of the exchange.
    const { auth } = await this.session();
    return (await auth.getToken(api.scopes, { mode })).accessToken;
  }

  /** Sends one call; returns the result and the token that was attached (for error hints). */
  async send(
    api: ResolvedApi,
    mode: AuthMode,
    options: SendOptions,
  ): Promise<{ result: HttpResult; token?: string }> {
    let token: string | undefined;
    const result = await send(
      {
        api,
        method: options.method,
        url: options.url,
        headers: options.headers ?? {},
        ...(options.body !== undefined ? { body: options.body } : {}),
        idempotent: options.idempotent,
        signal: options.signal,
        token: async () => {
          token = await this.token(api, mode);
          return token;
        },
      },
      this.settings.http,
      this.userAgent,
    );
    return token === undefined ? { result } : { result, token };
  }
}
