/**
 * The MCP SDK client's own OAuth support against hosted mode and the emulator's Entra ID, as a user's
 * MCP client does it: the first request gets 401 with resource_metadata; the SDK reads the Protected
 * Resource Metadata, discovers the tenant's OpenID configuration, signs in with auth code + PKCE as
 * the pre-registered public client (the emulator's scripted browser plays the user), and then calls
 * tools with the token, On-Behalf-Of the signed-in user.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { completeSignIn } from "@entra-mcp/emulator";
import type { OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import { UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { OAuthClientInformation, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpServerProcess, startHttpServer } from "../support/http-server.js";
import { startTestEmulator, type TestEmulator } from "../support/test-emulator.js";

let t: TestEmulator;
let server: HttpServerProcess;
let callback: Server;
let redirectUrl: string;
const codes: string[] = [];

beforeAll(async () => {
  t = await startTestEmulator();
  server = await startHttpServer(t.env({ ENTRA_MCP_HTTP_PORT: "0" }));
  // The client's loopback redirect listener (the MCP client app is registered for http://127.0.0.1, any port).
  callback = createServer((req, res) => {
    const code = new URL(req.url ?? "/", "http://127.0.0.1").searchParams.get("code");
    if (code) codes.push(code);
    res.end("signed in");
  });
  await new Promise<void>((resolve) => callback.listen(0, "127.0.0.1", resolve));
  redirectUrl = `http://127.0.0.1:${(callback.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  callback?.close();
  await server?.stop();
  await t?.emulator.stop();
});

/** A pre-registered public client: fixed client ID, no dynamic registration, PKCE. */
function provider(clientId: string) {
  let tokens: OAuthTokens | undefined;
  let verifier = "";
  const state = { authorizationUrl: undefined as URL | undefined };
  const value: OAuthClientProvider = {
    get redirectUrl() {
      return redirectUrl;
    },
    get clientMetadata() {
      return {
        redirect_uris: [redirectUrl],
        client_name: "server-kit OAuth test",
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        token_endpoint_auth_method: "none",
      };
    },
    clientInformation: (): OAuthClientInformation => ({ client_id: clientId }),
    tokens: () => tokens,
    saveTokens: (saved) => {
      tokens = saved;
    },
    redirectToAuthorization: (url) => {
      state.authorizationUrl = url;
    },
    saveCodeVerifier: (saved) => {
      verifier = saved;
    },
    codeVerifier: () => verifier,
    // Entra's v2.0 endpoint takes the API from the scope (api://<id>/access_as_user), not from an
    // RFC 8707 `resource` parameter, so this client sends none (the SDK's documented override).
    validateResourceURL: async () => undefined,
  };
  return { value, state, tokens: () => tokens };
}

describe("MCP SDK client with OAuth (authProvider) against Entra ID", () => {
  it("discovers the metadata, signs in with PKCE as the pre-registered client, then calls tools", async () => {
    const { emulator } = t;
    const auth = provider(emulator.tenant.mcpClientId);
    emulator.clearRequests();

    const first = new Client({ name: "oauth-test", version: "1.0.0" });
    await expect(
      first.connect(new StreamableHTTPClientTransport(new URL(server.url), { authProvider: auth.value })),
    ).rejects.toBeInstanceOf(UnauthorizedError);

    // 1. It read our Protected Resource Metadata (path-suffixed form) and the tenant's OpenID configuration.
    const prm = server.logs().filter((line) => line.path === "/.well-known/oauth-protected-resource/mcp");
    expect(prm.length).toBeGreaterThan(0);
    expect(
      emulator.requests(
        (e) => e.origin === "login" && e.path.endsWith("/v2.0/.well-known/openid-configuration"),
      ).length,
    ).toBeGreaterThan(0);

    // 2. The authorization request: the pre-registered client, our API's scope, PKCE S256, no secret.
    const url = auth.state.authorizationUrl;
    expect(url).toBeDefined();
    expect(url?.origin).toBe(emulator.urls.login);
    expect(url?.searchParams.get("client_id")).toBe(emulator.tenant.mcpClientId);
    expect(url?.searchParams.get("scope")).toContain(emulator.tenant.api.scope);
    expect(url?.searchParams.get("code_challenge_method")).toBe("S256");
    await completeSignIn(url?.href ?? "");
    const code = codes.at(-1);
    expect(code).toBeTruthy();
    const transport = new StreamableHTTPClientTransport(new URL(server.url), { authProvider: auth.value });
    await transport.finishAuth(code ?? "");
    const exchange = emulator.requests((e) => e.grantType === "authorization_code");
    expect(exchange.at(-1)).toMatchObject({ status: 200, clientId: emulator.tenant.mcpClientId });
    expect(auth.tokens()?.access_token).toBeTruthy();

    // 3. Tools, as the signed-in user.
    const client = new Client({ name: "oauth-test", version: "1.0.0" });
    await client.connect(transport);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain("get_me");
    const me = await client.callTool({ name: "get_me", arguments: {} });
    expect(me.isError, JSON.stringify(me)).toBeFalsy();
    expect(JSON.stringify(me.content)).toContain(emulator.tenant.user.upn);
    await client.close();
    const obo = emulator.requests((e) => e.grantType === "urn:ietf:params:oauth:grant-type:jwt-bearer");
    expect(obo.at(-1)).toMatchObject({ status: 200, oid: emulator.tenant.user.oid });
  });
});
