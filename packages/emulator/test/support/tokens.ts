import { ConfidentialClientApplication } from "@azure/msal-node";
import type { DefaultTenant, Emulator } from "../../src/index.js";
import { certificateClient, msalAuth, publicClient } from "../helpers.js";

/** An app-only token for the seeded app (certificate credential), via the real MSAL. */
export async function appToken(emulator: Emulator<DefaultTenant>, scope: string): Promise<string> {
  const material = emulator.vault.getCertificate(emulator.tenant.certName)?.material;
  if (!material) throw new Error("seeded certificate missing");
  const cca = certificateClient(emulator, emulator.tenant.clientId, material);
  const result = await cca.acquireTokenByClientCredential({ scopes: [scope] });
  if (!result?.accessToken) throw new Error(`no app token for ${scope}`);
  return result.accessToken;
}

/** An app-only token for the teammate principal: no consent, no workspace roles, no app user. */
export async function strangerAppToken(emulator: Emulator<DefaultTenant>, scope: string): Promise<string> {
  const { teammate } = emulator.tenant;
  const cca = new ConfidentialClientApplication({
    auth: { ...msalAuth(emulator, teammate.clientId), clientSecret: teammate.clientSecret },
  });
  const result = await cca.acquireTokenByClientCredential({ scopes: [scope] });
  if (!result?.accessToken) throw new Error(`no teammate token for ${scope}`);
  return result.accessToken;
}

/**
 * A delegated token for the default user with exactly `scopes` (device code flow, approved
 * programmatically). A fresh PublicClientApplication each time, so MSAL's cache cannot hand
 * back a broader token.
 */
export async function userToken(emulator: Emulator<DefaultTenant>, scopes: string[]): Promise<string> {
  const pca = publicClient(emulator, emulator.tenant.clientId);
  const result = await pca.acquireTokenByDeviceCode({
    scopes,
    deviceCodeCallback: (r) => emulator.approveDeviceCode(r.userCode),
  });
  if (!result?.accessToken) throw new Error(`no user token for ${scopes.join(" ")}`);
  return result.accessToken;
}

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

/** GET (or another method) with a bearer token; returns status, headers and parsed JSON (or text). */
export async function call(
  url: string,
  token: string | undefined,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
  // biome-ignore lint/suspicious/noExplicitAny: tests assert response fields one by one.
): Promise<{ status: number; headers: Headers; body: any; text: string }> {
  const headers: Record<string, string> = { ...(token ? bearer(token) : {}), ...init.headers };
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(url, {
    method: init.method ?? "GET",
    headers,
    ...(init.body !== undefined
      ? { body: typeof init.body === "string" ? init.body : JSON.stringify(init.body) }
      : {}),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: response.status, headers: response.headers, body, text };
}
