/**
 * Tokens for hosted-mode tests, got the way an MCP client gets them: real MSAL (public client,
 * password sign-in of the emulator's test users) against the emulator. No token is ever printed.
 */
import { PublicClientApplication } from "@azure/msal-node";
import type { DefaultTenant, Emulator } from "@entra-mcp/emulator";

export function mcpClient(emulator: Emulator<DefaultTenant>, clientId = emulator.tenant.mcpClientId) {
  return new PublicClientApplication({
    auth: {
      clientId,
      authority: `${emulator.urls.login}/${emulator.tenant.tenantId}`,
      knownAuthorities: [new URL(emulator.urls.login).host],
    },
  });
}

/** The i-th test user's token for the hosted API (aud = the app's client id, v2.0). */
export async function apiToken(emulator: Emulator<DefaultTenant>, i = 0, scopes?: string[]): Promise<string> {
  const user = emulator.tenant.testUsers[i];
  if (!user) throw new Error(`no test user ${i}`);
  return tokenFor(emulator, user.username, user.password, scopes);
}

export async function tokenFor(
  emulator: Emulator<DefaultTenant>,
  username: string,
  password: string,
  scopes = [emulator.tenant.api.scope],
  clientId = emulator.tenant.mcpClientId,
): Promise<string> {
  const result = await mcpClient(emulator, clientId).acquireTokenByUsernamePassword({
    scopes,
    username,
    password,
  });
  if (!result?.accessToken) throw new Error(`no token for ${username}`);
  return result.accessToken;
}
