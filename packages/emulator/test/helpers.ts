import { ConfidentialClientApplication, type Configuration, PublicClientApplication } from "@azure/msal-node";
import { decodeJwt } from "jose";
import type { Emulator } from "../src/index.js";

/** MSAL's authority settings for the emulator, as a custom cloud would derive them. */
export function msalAuth(emulator: Emulator, clientId: string): Configuration["auth"] {
  return {
    clientId,
    authority: `${emulator.urls.login}/${emulator.tenant.tenantId}`,
    knownAuthorities: [new URL(emulator.urls.login).host],
  };
}

export function certificateClient(
  emulator: Emulator,
  clientId: string,
  cert: { privateKeyPem: string; thumbprintSha256Hex?: string; thumbprintSha1Hex?: string },
): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: {
      ...msalAuth(emulator, clientId),
      clientCertificate: {
        privateKey: cert.privateKeyPem,
        ...(cert.thumbprintSha256Hex ? { thumbprintSha256: cert.thumbprintSha256Hex } : {}),
        ...(cert.thumbprintSha1Hex ? { thumbprint: cert.thumbprintSha1Hex } : {}),
      },
    },
  });
}

export function publicClient(emulator: Emulator, clientId: string): PublicClientApplication {
  return new PublicClientApplication({ auth: msalAuth(emulator, clientId) });
}

export function claimsOf(token: string): Record<string, unknown> {
  return decodeJwt(token) as Record<string, unknown>;
}

/** Runs `fn` and returns what it threw (fails the test if it did not throw). */
export async function thrown(
  fn: () => Promise<unknown>,
): Promise<Error & { errorCode?: string; subError?: string }> {
  try {
    await fn();
  } catch (error) {
    return error as Error & { errorCode?: string };
  }
  throw new Error("expected the call to throw");
}
