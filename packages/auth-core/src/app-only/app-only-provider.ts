/**
 * App-only tokens: one ConfidentialClientApplication per process. Its client assertion is a callback
 * that MSAL calls only when it must go to the network, so a token already in the (persistent) cache
 * needs no certificate and no Key Vault read. The assertion (PS256 + x5t#S256) is signed with the
 * certificate's KeyObject (client-assertion.ts), so the key never exists as a PEM string.
 */
import type { AuthenticationResult, ConfidentialClientApplication, ICachePlugin } from "@azure/msal-node";
import type { AuthConfig } from "../config/load-auth-config.js";
import { CertificateError, EntraMcpError } from "../errors.js";
import { log } from "../logger.js";
import { msalBaseConfiguration } from "../msal-settings.js";
import { SingleFlight } from "../single-flight.js";
import { aadstsCode, toTokenError } from "../token-errors.js";
import type { IssuedToken } from "../token-memo.js";
import type { CertificateSource } from "./certificate-source.js";
import { clientAssertionCallback } from "./client-assertion.js";
import { findPersistedAppToken } from "./persisted-app-token.js";

const ROTATED_KEY = 700027;

export class AppOnlyProvider {
  private app: Promise<ConfidentialClientApplication> | undefined;
  private readonly flight = new SingleFlight<IssuedToken>();

  constructor(
    private readonly config: AuthConfig,
    private readonly certificates: CertificateSource,
    private readonly cachePlugin: () => Promise<ICachePlugin | undefined>,
  ) {}

  /** An app-only token for `scopes` (each ending in /.default); concurrent first calls share one request. */
  async getToken(scopes: string[]): Promise<IssuedToken> {
    return this.flight.run(scopes.join(" "), () => this.acquire(scopes));
  }

  private async acquire(scopes: string[]): Promise<IssuedToken> {
    if (!this.certificates.loaded) {
      const plugin = await this.cachePlugin();
      const persisted =
        plugin && (await findPersistedAppToken(plugin, this.config.clientId, this.config.tenantId, scopes));
      if (persisted) return persisted;
      // No cached token, so the client assertion will need the certificate: start the Key Vault read
      // now, and its network round trips overlap with loading MSAL. The callback awaits the same read
      // (single-flight); a failure surfaces there, with its message.
      this.certificates.get().catch(() => undefined);
    }
    const app = await this.application();
    try {
      return await this.acquireOnce(app, scopes);
    } catch (error) {
      if (aadstsCode(error) !== ROTATED_KEY || this.config.certificate?.source !== "keyvault") {
        throw toTokenError(error, { clientId: this.config.clientId, mode: "app", scopes });
      }
      return this.retryAfterRotation(app, scopes, error);
    }
  }

  /** AADSTS700027: the vault may hold a newer certificate than the one we signed with. */
  private async retryAfterRotation(
    app: ConfidentialClientApplication,
    scopes: string[],
    first: unknown,
  ): Promise<AuthenticationResult> {
    const used = this.certificates.loaded?.thumbprint ?? "unknown";
    const fresh = await this.certificates.reload();
    log(
      "warn",
      "app-only",
      `Entra ID rejected certificate ${used} (AADSTS700027); retrying once with vault version ${fresh.version} (${fresh.thumbprint}).`,
    );
    try {
      if (fresh.thumbprint === used) throw first;
      return await this.acquireOnce(app, scopes);
    } catch (error) {
      if (aadstsCode(error) !== ROTATED_KEY)
        throw toTokenError(error, { clientId: this.config.clientId, mode: "app", scopes });
      throw new CertificateError(
        "CERTIFICATE_MISMATCH",
        `Entra ID does not accept the vault certificate for app ${this.config.clientId} (AADSTS700027): signed with ${used}, then with the vault's newest ${fresh.thumbprint}; neither is registered on the app.`,
        {
          cause: error,
          fix: "run `npx -y @entra-mcp/cli rotate` (or `npx -y @entra-mcp/cli provision`) to register the vault's certificate on the app registration.",
        },
      );
    }
  }

  private async acquireOnce(
    app: ConfidentialClientApplication,
    scopes: string[],
  ): Promise<AuthenticationResult> {
    const result = await app.acquireTokenByClientCredential({ scopes });
    if (!result)
      throw new EntraMcpError("TOKEN_REQUEST_FAILED", "Entra ID returned no token.", {
        fix: "retry; if it persists run `npx -y @entra-mcp/cli doctor`.",
      });
    return result;
  }

  private application(): Promise<ConfidentialClientApplication> {
    this.app ??= this.createApplication();
    return this.app;
  }

  private async createApplication(): Promise<ConfidentialClientApplication> {
    const { ConfidentialClientApplication } = await import("@azure/msal-node");
    const base = msalBaseConfiguration(this.config);
    const cachePlugin = await this.cachePlugin();
    return new ConfidentialClientApplication({
      ...base,
      auth: {
        ...base.auth,
        clientAssertion: clientAssertionCallback(() => this.certificates.get(), {
          sendX5c: this.config.sendX5c,
        }),
      },
      ...(cachePlugin ? { cache: { cachePlugin } } : {}),
    });
  }
}
