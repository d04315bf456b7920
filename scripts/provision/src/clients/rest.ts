/**
 * The one HTTP path of every REST client here: a token for `<audience>/.default` from the admin's own
 * Azure login, JSON in and out, 429 (and 5xx for reads) retried after Retry-After, paging that stays
 * on the API's own origin, and errors that carry the API's own code. Every request is recorded in the
 * ledger as a read or a write before it is sent.
 */
import type { AccessToken, TokenCredential } from "@azure/identity";
import { redact } from "@entra-mcp/auth-core";
import { ApiError, ProvisionError } from "../errors.js";
import type { RequestLedger } from "./request-ledger.js";
import { retryDelayMs } from "./retry-after.js";

export interface RestClientOptions {
  /** Human name used in messages, e.g. "Microsoft Graph". */
  api: string;
  /** Origin (and optional base path) every relative path is resolved against. */
  baseUrl: string;
  /** Token audience; the scope is `<audience>/.default`. */
  audience: string;
  credential: TokenCredential;
  ledger: RequestLedger;
  headers?: Record<string, string>;
  /** Retries after 429 / 5xx; default 4. */
  maxRetries?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface RestRequest {
  query?: Record<string, string | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RestResponse<T> {
  status: number;
  body: T | undefined;
  headers: Headers;
}

const REFRESH_MARGIN_MS = 2 * 60_000;

export class RestClient {
  private token: AccessToken | undefined;
  private readonly origin: string;

  constructor(private readonly options: RestClientOptions) {
    this.origin = new URL(options.baseUrl).origin;
  }

  get api(): string {
    return this.options.api;
  }

  /** Sends one request; throws ApiError for any status >= 400. */
  async send<T>(method: string, path: string, request: RestRequest = {}): Promise<RestResponse<T>> {
    const url = this.resolve(path, request.query);
    const maxRetries = this.options.maxRetries ?? 4;
    for (let attempt = 0; ; attempt++) {
      this.options.ledger.record(method, this.options.api, url);
      const response = await this.fetchOnce(method, url, request);
      const retryable = response.status === 429 || (method === "GET" && response.status >= 500);
      if (retryable && attempt < maxRetries) {
        await response.body?.cancel();
        await (this.options.sleep ?? sleep)(retryDelayMs(response.headers.get("retry-after"), attempt));
        continue;
      }
      if (response.status >= 400) throw await this.toApiError(method, url, response);
      const text = await response.text();
      return {
        status: response.status,
        body: text ? (JSON.parse(text) as T) : undefined,
        headers: response.headers,
      };
    }
  }

  /** GET that returns undefined for 404 (the thing does not exist). */
  async find<T>(path: string, request: RestRequest = {}): Promise<T | undefined> {
    try {
      return (await this.send<T>("GET", path, request)).body;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  async get<T>(path: string, request: RestRequest = {}): Promise<T> {
    return (await this.send<T>("GET", path, request)).body as T;
  }

  /** Every item of a collection: follows @odata.nextLink / nextLink, only on this API's origin. */
  async list<T>(path: string, request: RestRequest = {}): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined = path;
    let query = request.query;
    for (let page = 0; next && page < 100; page++) {
      const body: { value?: T[]; "@odata.nextLink"?: string; nextLink?: string } | undefined = (
        await this.send<{ value?: T[]; "@odata.nextLink"?: string; nextLink?: string }>("GET", next, {
          ...request,
          ...(query ? { query } : {}),
        })
      ).body;
      items.push(...(body?.value ?? []));
      next = body?.["@odata.nextLink"] ?? body?.nextLink ?? undefined;
      query = undefined; // a next link carries its own query
    }
    return items;
  }

  private resolve(path: string, query: Record<string, string | undefined> | undefined): string {
    const url = /^https:\/\//i.test(path)
      ? new URL(path)
      : new URL(this.options.baseUrl.replace(/\/+$/, "") + (path.startsWith("/") ? path : `/${path}`));
    if (url.origin !== this.origin) {
      throw new ProvisionError(
        `${this.options.api}: refused to follow a link to another host (${url.host}).`,
      );
    }
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, value);
    }
    return url.toString();
  }

  private async fetchOnce(method: string, url: string, request: RestRequest): Promise<Response> {
    const headers: Record<string, string> = {
      accept: "application/json",
      authorization: `Bearer ${await this.accessToken()}`,
      ...this.options.headers,
      ...request.headers,
    };
    if (request.body !== undefined) headers["content-type"] = "application/json";
    try {
      return await fetch(url, {
        method,
        headers,
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new ProvisionError(
        `${this.options.api}: ${method} ${new URL(url).host} failed: ${cause?.code ?? cause?.message ?? (error as Error).message}.`,
        {
          cause: error,
          fix: "check the network (proxy: HTTPS_PROXY / NO_PROXY) and that the endpoint in the cloud profile is right.",
        },
      );
    }
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.expiresOnTimestamp - Date.now() > REFRESH_MARGIN_MS) return this.token.token;
    const scope = `${this.options.audience.replace(/\/+$/, "")}/.default`;
    try {
      const token = await this.options.credential.getToken(scope);
      if (!token) throw new Error("the credential returned no token");
      this.token = token;
      return token.token;
    } catch (error) {
      throw new ProvisionError(
        `${this.options.api}: could not get a token for ${scope} with your Azure login: ${firstLine(error)}`,
        {
          cause: error,
          fix: "sign in with `az login --tenant <tenant-id>` (or set AZURE_TOKEN_CREDENTIALS to the login you use) and retry.",
        },
      );
    }
  }

  private async toApiError(method: string, url: string, response: Response): Promise<ApiError> {
    const text = await response.text().catch(() => "");
    const { code, message } = parseErrorBody(text);
    const path = new URL(url).pathname;
    const what = `${this.options.api}: ${method} ${path} failed with ${response.status}${code ? ` ${code}` : ""}`;
    return new ApiError(
      this.options.api,
      response.status,
      code,
      redact(`${what}${message ? `: ${message}` : "."}`),
      fixFor(response.status, this.options.api),
    );
  }
}

/** The error code and message of Graph / ARM / Power BI / Fabric / Dataverse error bodies. */
export function parseErrorBody(text: string): { code: string | undefined; message: string | undefined } {
  try {
    const body = JSON.parse(text) as {
      error?: { code?: string; message?: string } | string;
      errorCode?: string;
      code?: string;
      message?: string;
      error_description?: string;
    };
    const inner = typeof body.error === "object" ? body.error : undefined;
    return {
      code:
        inner?.code ??
        body.errorCode ??
        body.code ??
        (typeof body.error === "string" ? body.error : undefined),
      message: inner?.message ?? body.message ?? body.error_description,
    };
  } catch {
    return { code: undefined, message: text ? text.slice(0, 200) : undefined };
  }
}

function fixFor(status: number, api: string): string | undefined {
  if (status === 401) return `check that your Azure login belongs to the right tenant for ${api}.`;
  if (status === 403)
    return `your Azure login lacks a role this step needs in ${api}; see "Who can run it" in scripts/provision/README.md.`;
  return undefined;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split(/\r?\n/)[0] ?? "").slice(0, 300);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
