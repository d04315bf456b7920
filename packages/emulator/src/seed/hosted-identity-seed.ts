import type { DirectoryState } from "../directory/directory-state.js";
import type { DirectoryUser } from "../directory/directory-types.js";
import { opaqueToken } from "../ids.js";
import type { TestUser } from "./seeded-tenant.js";

/** The delegated scope and app role the provisioned app's own API exposes (hosted team mode). */
export const API_SCOPE_VALUE = "access_as_user";
export const API_APP_ROLE_VALUE = "MCP.Invoke";

/**
 * A password per run, shaped to pass Entra's complexity rule (upper, lower, digit, symbol),
 * so scripted sign-in (ROPC) can use the seeded users without a fixed secret in the repo.
 */
export function testPassword(): string {
  return `Emu-${opaqueToken(12).replace(/[-_]/g, "x")}-7a`;
}

export function testUserOf(user: DirectoryUser): TestUser {
  if (!user.password) throw new Error(`seed: ${user.upn} has no password.`);
  return { username: user.upn, password: user.password, oid: user.oid };
}

/**
 * "An MCP client": a public client (no credential, public client flows on) registered for
 * loopback redirects, which signs users in with auth code + PKCE or a password and asks for
 * the hosted API's scope. Pre-authorization is the API's business (exposeHostedApi).
 */
export function seedMcpClient(directory: DirectoryState): string {
  const app = directory.addApplication({
    displayName: "MCP client (public)",
    publicClientRedirectUris: ["http://localhost", "http://127.0.0.1"],
    isFallbackPublicClient: true,
  });
  return app.clientId;
}

/**
 * The provisioned app's own API: api://<client-id>, the access_as_user scope (v2.0 tokens,
 * aud = the client id), the MCP.Invoke app role for calling apps, and the MCP client
 * pre-authorized for the scope so its users are never asked to consent.
 */
export function exposeHostedApi(directory: DirectoryState, apiClientId: string, mcpClientId: string): string {
  const app = directory.exposeApi(apiClientId, {
    identifierUris: [`api://${apiClientId}`],
    scopes: [
      {
        value: API_SCOPE_VALUE,
        type: "User",
        adminConsentDisplayName: "Use the MCP servers as the signed-in user",
        adminConsentDescription:
          "Allows the app to call the hosted entra-mcp servers on behalf of the signed-in user.",
      },
    ],
    appRoles: [
      {
        value: API_APP_ROLE_VALUE,
        allowedMemberTypes: ["Application"],
        displayName: "Invoke the MCP servers",
        description: "Allows an application to call the hosted entra-mcp servers as itself.",
      },
    ],
    preAuthorizedApplications: [{ appId: mcpClientId, scopes: [API_SCOPE_VALUE] }],
    requestedAccessTokenVersion: 2,
  });
  return `${app.identifierUris[0]}/${API_SCOPE_VALUE}`;
}
