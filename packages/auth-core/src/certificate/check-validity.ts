/**
 * Refuses a certificate outside its validity window before it signs anything: Entra ID would reject
 * the assertion with an AADSTS code that does not say "expired", after a wasted round trip.
 * Only the server path checks; `doctor` reads expired certificates on purpose to report them.
 */
import { CertificateError } from "../errors.js";
import type { LoadedCertificate } from "./loaded-certificate.js";

const ROTATE = "npx -y @entra-mcp/cli rotate";

/** Throws CERTIFICATE_EXPIRED / CERTIFICATE_NOT_YET_VALID unless notBefore <= now <= notAfter. */
export function assertCurrentlyValid(
  certificate: LoadedCertificate,
  where: string,
  fromVault: boolean,
  now: Date = new Date(),
): void {
  const window = `notBefore ${certificate.notBefore.toISOString()}, notAfter ${certificate.notAfter.toISOString()}`;
  const replace = fromVault
    ? `run \`${ROTATE}\` to create a new certificate version and register it on the app`
    : `replace the file with a current certificate registered on the app, or keep the certificate in Key Vault and run \`${ROTATE}\``;
  if (now > certificate.notAfter) {
    throw new CertificateError(
      "CERTIFICATE_EXPIRED",
      `Certificate ${certificate.thumbprint} from ${where} has expired (${window}; now ${now.toISOString()}); no token was requested with it.`,
      { fix: `${replace}.` },
    );
  }
  if (now < certificate.notBefore) {
    throw new CertificateError(
      "CERTIFICATE_NOT_YET_VALID",
      `Certificate ${certificate.thumbprint} from ${where} is not valid yet (${window}; now ${now.toISOString()}); no token was requested with it.`,
      {
        fix: `check this machine's clock (e.g. \`timedatectl set-ntp true\`); if the clock is right, ${replace}.`,
      },
    );
  }
}
