/**
 * Delegated (signed-in user) tokens: one PublicClientApplication per process on the shared encrypted
 * cache. Silent first; otherwise one interactive sign-in (loopback + PKCE, URL opened without a
 * shell) with a deadline, or a device code when no browser can be opened.
 */
import type {
  AccountInfo,
  AuthenticationResult,
  ICachePlugin,
  PublicClientApplication,
} from "@azure/msal-node";
import type { AuthConfig } from "../config/load-auth-config.js";
import { EntraMcpError, SignInError } from "../errors.js";
import { log, notifyUser } from "../logger.js";
import { msalBaseConfiguration } from "../msal-settings.js";
import { SingleFlight } from "../single-flight.js";
import { toTokenError } from "../token-errors.js";
import { abortLoopbackSignIn } from "./abort-loopback-sign-in.js";
import { openBrowser } from "./open-browser.js";
import { SIGN_IN_ERROR_PAGE, SIGN_IN_SUCCESS_PAGE } from "./sign-in-pages.js";

export interface DelegatedOptions {
  /** How long an interactive or device-code sign-in may take. */
  signInTimeoutMs: number;
}

export class DelegatedProvider {
  private app: Promise<PublicClientApplication> | undefined;
  private readonly signInFlight = new SingleFlight<AuthenticationResult>();
  private readonly silentFlight = new SingleFlight<AuthenticationResult | undefined>();
  private lastAccount: AccountInfo | undefined;

  constructor(
    private readonly config: AuthConfig,
    private readonly cachePlugin: () => Promise<ICachePlugin | undefined>,
    private readonly options: DelegatedOptions,
  ) {}

  /** The account of the last token, if any (for status reports). */
  get account(): AccountInfo | undefined {
    return this.lastAccount;
  }

  /** A user token for `scopes`: from the cache or a refresh token if possible, else a sign-in. */
  async getToken(scopes: string[]): Promise<AuthenticationResult> {
    const key = scopes.join(" ");
    const silent = await this.silentFlight.run(key, () => this.trySilent(scopes));
    const result = silent ?? (await this.signInFlight.run("sign-in", () => this.signIn(scopes)));
    this.lastAccount = result.account ?? this.lastAccount;
    return result;
  }

  private async trySilent(scopes: string[]): Promise<AuthenticationResult | undefined> {
    const app = await this.application();
    const accounts = await app.getTokenCache().getAllAccounts();
    const account = accounts.find((candidate) => candidate.tenantId === this.config.tenantId) ?? accounts[0];
    if (!account) return undefined;
    try {
      return await app.acquireTokenSilent({ account, scopes });
    } catch (error) {
      const { InteractionRequiredAuthError } = await import("@azure/msal-node");
      if (error instanceof InteractionRequiredAuthError) {
        log(
          "info",
          "delegated",
          `silent token for ${scopes.join(" ")} needs a new sign-in (${error.errorCode}).`,
        );
        return undefined;
      }
      throw toTokenError(error, { clientId: this.config.clientId, mode: "delegated", scopes });
    }
  }

  private async signIn(scopes: string[]): Promise<AuthenticationResult> {
    const app = await this.application();
    try {
      if (this.config.browserCommand?.length === 0) return await this.signInWithDeviceCode(app, scopes);
      try {
        return await this.signInWithBrowser(app, scopes);
      } catch (error) {
        if (!(error instanceof EntraMcpError && error.code === "BROWSER_UNAVAILABLE")) throw error;
        notifyUser("sign-in", `${error.message.split(" Fix:")[0]} Falling back to a device code.`);
        return await this.signInWithDeviceCode(app, scopes);
      }
    } catch (error) {
      throw toTokenError(error, { clientId: this.config.clientId, mode: "delegated", scopes });
    }
  }

  private async signInWithBrowser(
    app: PublicClientApplication,
    scopes: string[],
  ): Promise<AuthenticationResult> {
    let authorizeUrl: string | undefined;
    let timedOut = false;
    const deadline = setTimeout(() => {
      timedOut = true;
      // MSAL has no timeout of its own: deliver an error to its loopback so it stops listening.
      if (authorizeUrl) void abortLoopbackSignIn(authorizeUrl);
    }, this.options.signInTimeoutMs);
    try {
      return await app.acquireTokenInteractive({
        scopes,
        successTemplate: SIGN_IN_SUCCESS_PAGE,
        errorTemplate: SIGN_IN_ERROR_PAGE,
        openBrowser: async (url) => {
          authorizeUrl = url;
          notifyUser("sign-in", "Opening your browser to sign in to Microsoft Entra ID for entra-mcp...");
          await openBrowser(url, this.config.browserCommand);
        },
      });
    } catch (error) {
      if (timedOut) throw this.timeoutError(error);
      throw error;
    } finally {
      clearTimeout(deadline);
    }
  }

  private async signInWithDeviceCode(
    app: PublicClientApplication,
    scopes: string[],
  ): Promise<AuthenticationResult> {
    const result = await app.acquireTokenByDeviceCode({
      scopes,
      timeout: Math.ceil(this.options.signInTimeoutMs / 1000),
      deviceCodeCallback: (response) => notifyUser("sign-in", response.message),
    });
    if (!result) throw this.timeoutError(undefined);
    return result;
  }

  private timeoutError(cause: unknown): SignInError {
    const seconds = Math.round(this.options.signInTimeoutMs / 1000);
    return new SignInError(
      "SIGN_IN_TIMEOUT",
      `Sign-in did not complete within ${seconds} s. If the browser showed AADSTS50011, the app lacks the http://localhost redirect URI; if it showed AADSTS65001, consent is missing.`,
      {
        cause,
        fix: "retry and finish the sign-in in the browser, or run `npx -y @entra-mcp/cli doctor` to check the redirect URI and consent.",
      },
    );
  }

  private application(): Promise<PublicClientApplication> {
    this.app ??= (async () => {
      const { PublicClientApplication } = await import("@azure/msal-node");
      const cachePlugin = await this.cachePlugin();
      return new PublicClientApplication({
        ...msalBaseConfiguration(this.config),
        ...(cachePlugin ? { cache: { cachePlugin } } : {}),
      });
    })();
    return this.app;
  }
}
