import { ConfidentialClientApplication } from "@azure/msal-node";
import type { CertificateMaterial, Emulator, SecretLogin } from "../../src/index.js";
import { certificateClient, msalAuth, publicClient } from "../helpers.js";

/**
 * An app-only token for a client-secret login (the admin's or the teammate's Azure login). A
 * fresh MSAL app every time, so a token minted before a consent change is never reused.
 */
export async function secretToken(emulator: Emulator, login: SecretLogin, scope: string): Promise<string> {
  const cca = new ConfidentialClientApplication({
    auth: { ...msalAuth(emulator, login.clientId), clientSecret: login.clientSecret },
  });
  const result = await cca.acquireTokenByClientCredential({ scopes: [scope] });
  if (!result?.accessToken) throw new Error(`no token for ${login.clientId} / ${scope}`);
  return result.accessToken;
}

/** An app-only token signed with a certificate (private_key_jwt), fresh MSAL app each time. */
export async function certificateToken(
  emulator: Emulator,
  clientId: string,
  material: CertificateMaterial,
  scope: string,
): Promise<string> {
  const result = await certificateClient(emulator, clientId, material).acquireTokenByClientCredential({
    scopes: [scope],
  });
  if (!result?.accessToken) throw new Error(`no certificate token for ${clientId} / ${scope}`);
  return result.accessToken;
}

/** A delegated token for the default user of the app (device code, approved programmatically). */
export async function deviceCodeToken(
  emulator: Emulator,
  clientId: string,
  scopes: string[],
): Promise<string> {
  const result = await publicClient(emulator, clientId).acquireTokenByDeviceCode({
    scopes,
    deviceCodeCallback: (r) => emulator.approveDeviceCode(r.userCode),
  });
  if (!result?.accessToken) throw new Error(`no delegated token for ${clientId}`);
  return result.accessToken;
}

/** Real Microsoft Graph ids the tests use. */
export const GRAPH_IDS = {
  appId: "00000003-0000-0000-c000-000000000000",
  userReadAllRole: "df021288-bdef-4463-88db-98f22de89214",
  userReadScope: "e1fe6dd8-ba31-4d61-89e7-88639da4683d",
} as const;
