/**
 * Holds the app's certificate in memory for the process: loaded on first need (single-flight),
 * reloaded once on request when Entra says the assertion's key is unknown (rotation).
 */
import type { TokenCredential } from "@azure/identity";
import { assertCurrentlyValid } from "../certificate/check-validity.js";
import { fetchCertificate } from "../certificate/fetch-certificate.js";
import type { LoadedCertificate } from "../certificate/loaded-certificate.js";
import { readLocalCertificate } from "../certificate/read-local-certificate.js";
import type { AuthConfig } from "../config/load-auth-config.js";
import { ConfigError } from "../errors.js";
import { log } from "../logger.js";
import { SingleFlight } from "../single-flight.js";

export class CertificateSource {
  private current: LoadedCertificate | undefined;
  private readonly flight = new SingleFlight<LoadedCertificate>();

  constructor(
    private readonly config: AuthConfig,
    private readonly credential?: TokenCredential,
  ) {}

  /** The certificate loaded so far, if any (for status reports). */
  get loaded(): LoadedCertificate | undefined {
    return this.current;
  }

  /** The certificate, loading it once if needed. */
  async get(): Promise<LoadedCertificate> {
    return this.current ?? this.load();
  }

  /** Loads the newest version again (after a rotation); concurrent callers share one read. */
  async reload(): Promise<LoadedCertificate> {
    return this.load();
  }

  private load(): Promise<LoadedCertificate> {
    return this.flight.run("certificate", async () => {
      const location = this.config.certificate;
      if (!location) {
        throw new ConfigError(
          "CONFIG_INVALID",
          "ENTRA_MCP_KEYVAULT_URL: app-only mode needs a certificate, but none is configured.",
          {
            fix: "set ENTRA_MCP_KEYVAULT_URL and ENTRA_MCP_CERT_NAME (or ENTRA_MCP_CERT_PATH).",
          },
        );
      }
      const certificate =
        location.source === "file"
          ? await readLocalCertificate(location.path, location.passphrase)
          : await fetchCertificate(location.vaultUrl, location.certName, this.credential, {
              cloud: this.config.cloud,
              timeoutMs: this.config.networkTimeoutMs,
            });
      assertCurrentlyValid(
        certificate,
        location.source === "file"
          ? `ENTRA_MCP_CERT_PATH (${location.path})`
          : `Key Vault secret "${location.certName}" (version ${certificate.version}) in ${location.vaultUrl}`,
        location.source === "keyvault",
      );
      log(
        "info",
        "certificate",
        `loaded certificate ${certificate.thumbprint} (version ${certificate.version}, expires ${certificate.notAfter.toISOString()})`,
      );
      this.current = certificate;
      return certificate;
    });
  }
}
