import { createSelfSignedCertificate } from "../certs/certificate-material.js";
import type { EmulatorCa } from "./emulator-ca.js";

/** Key and certificate for the HTTPS listeners, as node:https wants them. */
export interface ServerTlsMaterial {
  key: string;
  cert: string;
}

/**
 * Issues a fresh leaf certificate for 127.0.0.1/localhost signed by the emulator CA, plus
 * `extraNames` for an origin browsers reach under a service's host name (app.powerbi.com).
 */
export function createServerCertificate(ca: EmulatorCa, extraNames: string[] = []): ServerTlsMaterial {
  const leaf = createSelfSignedCertificate({
    subject: "CN=127.0.0.1, O=entra-mcp emulator",
    altNames: ["127.0.0.1", "localhost", "::1", ...extraNames],
    issuer: ca.material,
    validityMonths: 1,
  });
  return { key: leaf.privateKeyPem, cert: leaf.certificatePem };
}
