/**
 * Key Vault certificates through the Azure SDK's CertificateClient: read the current version, create
 * a new one (self-signed, waited for), read a version. Only public material leaves this file: the
 * DER certificate and its thumbprints. Every SDK request is recorded in the ledger.
 */
import { X509Certificate } from "node:crypto";
import type { TokenCredential } from "@azure/identity";
import type {
  CertificateClient,
  CertificatePolicy,
  KeyVaultCertificate,
  KeyVaultCertificateWithPolicy,
} from "@azure/keyvault-certificates";
import type { CloudProfile } from "@entra-mcp/auth-core";
import { thumbprintsOf } from "../certificates/thumbprints.js";
import { ApiError, ProvisionError } from "../errors.js";
import type { RequestLedger } from "./request-ledger.js";

/** The public facts of one certificate version. */
export interface VaultCertificate {
  name: string;
  version: string;
  enabled: boolean;
  notBefore: Date | undefined;
  expiresOn: Date | undefined;
  /** Base64 DER, what Graph's keyCredentials.key takes. */
  derBase64: string;
  thumbprintSha1: string;
  thumbprintSha256: string;
  subject: string;
  contentType: string | undefined;
  policy: CertificatePolicy | undefined;
}

export class KeyVaultCertificates {
  private client: Promise<CertificateClient> | undefined;

  constructor(
    readonly vaultUrl: string,
    private readonly credential: TokenCredential,
    private readonly cloud: CloudProfile,
    private readonly ledger: RequestLedger,
  ) {}

  /** The newest version of `name`, or undefined when the vault has no such certificate. */
  async find(name: string): Promise<VaultCertificate | undefined> {
    const client = await this.sdk();
    try {
      return toVaultCertificate(name, await client.getCertificate(name));
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw this.wrap(error, `read certificate "${name}"`);
    }
  }

  /** One specific version of `name`. */
  async version(name: string, version: string): Promise<VaultCertificate> {
    const client = await this.sdk();
    try {
      return toVaultCertificate(name, await client.getCertificateVersion(name, version));
    } catch (error) {
      throw this.wrap(error, `read certificate "${name}" version ${version}`);
    }
  }

  /** Creates a new version of `name` with `policy` and waits until Key Vault has issued it. */
  async create(name: string, policy: CertificatePolicy, pollIntervalMs = 1000): Promise<VaultCertificate> {
    const client = await this.sdk();
    try {
      const poller = await client.beginCreateCertificate(name, policy, { intervalInMs: pollIntervalMs });
      const created = await poller.pollUntilDone();
      if (!created.cer) {
        // The poller resolves with the certificate once the operation completes; read it once more if not.
        return toVaultCertificate(name, await client.getCertificate(name));
      }
      return toVaultCertificate(name, created);
    } catch (error) {
      throw this.wrap(error, `create certificate "${name}"`);
    }
  }

  private sdk(): Promise<CertificateClient> {
    this.client ??= (async () => {
      const { CertificateClient } = await import("@azure/keyvault-certificates");
      const ledger = this.ledger;
      return new CertificateClient(this.vaultUrl, this.credential, {
        disableChallengeResourceVerification: this.cloud.disableChallengeResourceVerification,
        additionalPolicies: [
          {
            position: "perRetry",
            policy: {
              name: "entra-mcp-request-ledger",
              sendRequest: (request, next) => {
                ledger.record(request.method, "Key Vault", request.url);
                return next(request);
              },
            },
          },
        ],
      });
    })();
    return this.client;
  }

  private wrap(error: unknown, what: string): ProvisionError {
    if (error instanceof ProvisionError) return error;
    const status = statusOf(error);
    const code = (error as { code?: string }).code;
    const message = `Key Vault ${this.vaultUrl}: could not ${what}${status ? ` (${status}${code ? ` ${code}` : ""})` : ""}: ${firstLine(error)}`;
    if (status === 403) {
      return new ApiError(
        "Key Vault",
        403,
        code,
        message,
        'your Azure login needs "Key Vault Certificates Officer" (or Key Vault Administrator) on this vault to create certificates; an Owner grants it with `az role assignment create --role "Key Vault Certificates Officer" --assignee <you> --scope <vault resource id>`.',
      );
    }
    if (status !== undefined) return new ApiError("Key Vault", status, code, message);
    return new ProvisionError(message, {
      cause: error,
      fix: "check the vault URL (--vault / ENTRA_MCP_KEYVAULT_URL), the network and your Azure login.",
    });
  }
}

function toVaultCertificate(
  name: string,
  certificate: KeyVaultCertificate | KeyVaultCertificateWithPolicy,
): VaultCertificate {
  if (!certificate.cer) {
    throw new ProvisionError(`Key Vault certificate "${name}" has no public certificate yet.`, {
      fix: "wait until the certificate operation completes (az keyvault certificate pending show), then retry.",
    });
  }
  const der = Buffer.from(certificate.cer);
  const { sha1, sha256 } = thumbprintsOf(der);
  const policy = "policy" in certificate ? certificate.policy : undefined;
  return {
    name,
    version: certificate.properties.version ?? "",
    enabled: certificate.properties.enabled !== false,
    notBefore: certificate.properties.notBefore,
    expiresOn: certificate.properties.expiresOn ?? new Date(new X509Certificate(der).validTo),
    derBase64: der.toString("base64"),
    thumbprintSha1: sha1,
    thumbprintSha256: sha256,
    subject: new X509Certificate(der).subject.replace(/\n/g, ", "),
    contentType: policy?.contentType,
    policy,
  };
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === "number" ? status : undefined;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split(/\r?\n/)[0] ?? "").slice(0, 300);
}
