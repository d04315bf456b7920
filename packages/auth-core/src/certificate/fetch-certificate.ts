/**
 * `fetchCertificate`: one `getSecret` call returns the certificate's private key and public
 * certificate (Key Vault backs every certificate with a secret of the same name), so no separate
 * getCertificate call is needed.
 */
import type { TokenCredential } from "@azure/identity";
import { BUILT_IN_CLOUDS, type CloudProfile } from "../config/cloud-profile.js";
import { DEFAULT_NETWORK_TIMEOUT_MS } from "../config/load-auth-config.js";
import { CertificateError } from "../errors.js";
import { log } from "../logger.js";
import { sharedConnectionPolicies } from "../network/shared-connections.js";
import { toVaultError, vaultTimeoutError } from "./key-vault-errors.js";
import type { LoadedCertificate } from "./loaded-certificate.js";
import { parsePemBundle, parsePkcs12 } from "./parse-certificate.js";
import { deferredVaultCredential } from "./vault-credential.js";

export interface FetchCertificateOptions {
  /** A specific version; the newest enabled version when omitted. */
  version?: string;
  /** Custom clouds need the challenge-resource check off (see CloudProfile). Defaults to public. */
  cloud?: CloudProfile;
  /** Deadline for the whole read (credential, retries and all); default 15 s. */
  timeoutMs?: number;
}

const PEM = "application/x-pem-file";
const PKCS12 = "application/x-pkcs12";

/**
 * The SDK's default backoff (1 s doubling, 3 retries) spends 3.5-7 s on a vault that refuses
 * connections before the error shows (a fresh process showed 4.7-7.3 s). Three quick retries (random
 * waits of at most 0.1, 0.2, 0.4 s) still ride out a blip and keep the first error under 2 s;
 * 429/503 with Retry-After keep honouring it (the SDK's throttling strategy is separate).
 */
const VAULT_RETRY = { maxRetries: 3, retryDelayInMs: 100, maxRetryDelayInMs: 400 };

/** Reads certificate `certName` from the vault with the caller's credential (DefaultAzureCredential by default). */
export async function fetchCertificate(
  vaultUrl: string,
  certName: string,
  credential?: TokenCredential,
  options: FetchCertificateOptions = {},
): Promise<LoadedCertificate> {
  const cloud = options.cloud ?? BUILT_IN_CLOUDS.public;
  const context = { vaultUrl, certName, version: options.version };
  const timeoutMs = options.timeoutMs ?? DEFAULT_NETWORK_TIMEOUT_MS;
  // A timer we clear, not AbortSignal.timeout: that signal lives on until it fires, and with it every
  // abort listener the SDK attached, which keeps the secret bundle (the key's PEM) reachable.
  const controller = new AbortController();
  const deadline = controller.signal;
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const abortion = rejectOnAbort(deadline);
  let secret: { value?: string; properties: { contentType?: string; version?: string } };
  try {
    // The Key Vault client first: its token-less first request can go out while identity loads.
    const secrets = import("@azure/keyvault-secrets");
    const vaultCredential = credential ?? deferredVaultCredential(cloud);
    const { SecretClient } = await secrets;
    const client = new SecretClient(vaultUrl, vaultCredential, {
      disableChallengeResourceVerification: cloud.disableChallengeResourceVerification,
      retryOptions: VAULT_RETRY,
      additionalPolicies: sharedConnectionPolicies(),
    });
    // abortSignal is the SDK's own deadline (it reaches the credential too); the race makes it hold
    // even for a credential in the chain that does not listen for it (e.g. one spawning a CLI).
    secret = await Promise.race([
      client.getSecret(certName, {
        ...(options.version ? { version: options.version } : {}),
        abortSignal: deadline,
      }),
      abortion.promise,
    ]);
  } catch (error) {
    throw deadline.aborted ? vaultTimeoutError(error, context, timeoutMs) : toVaultError(error, context);
  } finally {
    // The SDK's pooled keep-alive socket keeps the request, and so this signal, alive: our listener
    // must go, or through the race it would keep the secret bundle (the key's PEM) reachable.
    clearTimeout(timer);
    abortion.dispose();
  }

  const version = secret.properties.version ?? options.version ?? "unknown";
  const where = `Key Vault secret "${certName}" (version ${version})`;
  if (!secret.value) {
    throw new CertificateError("CERTIFICATE_INVALID", `${where} is empty.`, {
      fix: "store a certificate created by Key Vault (az keyvault certificate create) under this name.",
    });
  }
  const contentType = secret.properties.contentType ?? "";
  // The value decides the format (a PEM is unmistakable); a content type that says otherwise is
  // read anyway, with a warning, so whoever stored it can fix it for the next reader.
  if (secret.value.includes("-----BEGIN")) {
    if (contentType !== "" && contentType !== PEM) warnMismatch(where, contentType, "holds PEM text", PEM);
    return parsePemBundle(secret.value, version, where);
  }
  if (contentType === PEM) warnMismatch(where, contentType, "holds no PEM text", PKCS12);
  else if (contentType !== "" && contentType !== PKCS12) {
    throw new CertificateError(
      "CERTIFICATE_INVALID",
      `${where} has content type "${contentType}", not a certificate.`,
      {
        fix: "point ENTRA_MCP_CERT_NAME at a Key Vault certificate (PEM or PKCS#12 content type).",
      },
    );
  }
  const pfx = Buffer.from(secret.value, "base64");
  try {
    return await parsePkcs12(pfx, version, where);
  } finally {
    pfx.fill(0); // key material: wipe the bytes rather than wait for the collector
  }
}

function warnMismatch(where: string, contentType: string, found: string, actual: string): void {
  log(
    "warn",
    "certificate",
    `${where} has content type "${contentType}" but ${found}; reading it as ${actual}. Store it with content type ${actual} (or re-import the certificate into Key Vault) so the two agree.`,
  );
}

/** A promise that rejects when `signal` aborts, and a way to detach it once it is not needed. */
function rejectOnAbort(signal: AbortSignal): { promise: Promise<never>; dispose(): void } {
  let onAbort: () => void = () => undefined;
  const promise = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
  });
  promise.catch(() => undefined); // rejects only when the deadline passes; the race reports it
  return { promise, dispose: () => signal.removeEventListener("abort", onAbort) };
}
