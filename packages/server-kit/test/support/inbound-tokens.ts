/**
 * Tokens for hosted-mode tests. Good ones the way an MCP client gets them (the emulator's password
 * grant for its test users, over HTTPS); bad ones forged locally with node:crypto (no JWT library in
 * server-kit: these only need to be wrong in one precise way each). Never printed.
 */
import { createHmac, generateKeyPairSync, sign } from "node:crypto";
import type { DefaultTenant, Emulator } from "@entra-mcp/emulator";

/** The i-th test user's token for `scope` (default: the hosted API's access_as_user). */
export async function userToken(emulator: Emulator<DefaultTenant>, i = 0, scope?: string): Promise<string> {
  const user = emulator.tenant.testUsers[i];
  if (!user) throw new Error(`no test user ${i}`);
  const response = await fetch(`${emulator.urls.login}/${emulator.tenant.tenantId}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "password",
      client_id: emulator.tenant.mcpClientId,
      scope: scope ?? emulator.tenant.api.scope,
      username: user.username,
      password: user.password,
    }),
  });
  const body = (await response.json()) as { access_token?: string; error_description?: string };
  if (!body.access_token)
    throw new Error(`no token for test user ${i}: ${response.status} ${body.error_description}`);
  return body.access_token;
}

/** An app-only token of the emulator env's own Azure login (AZURE_CLIENT_ID/SECRET) for `scope`. */
export async function appToken(emulator: Emulator<DefaultTenant>, scope: string): Promise<string> {
  const response = await fetch(`${emulator.urls.login}/${emulator.tenant.tenantId}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: emulator.env.AZURE_CLIENT_ID ?? "",
      client_secret: emulator.env.AZURE_CLIENT_SECRET ?? "",
      scope,
    }),
  });
  const body = (await response.json()) as { access_token?: string; error_description?: string };
  if (!body.access_token) throw new Error(`no app token: ${response.status} ${body.error_description}`);
  return body.access_token;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** Claims like a real token of ours (right tenant, audience, scope), to be signed wrongly. */
export function goodClaims(emulator: Emulator<DefaultTenant>): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    aud: emulator.tenant.clientId,
    iss: `${emulator.urls.login}/${emulator.tenant.tenantId}/v2.0`,
    tid: emulator.tenant.tenantId,
    oid: emulator.tenant.testUsers[0]?.oid,
    scp: "access_as_user",
    ver: "2.0",
    iat: now,
    nbf: now,
    exp: now + 3600,
  };
}

/** alg "none": no signature at all. */
export function unsignedToken(claims: Record<string, unknown>): string {
  return `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.`;
}

/** HS256 with a guessable secret (the confusion attack: the public key used as an HMAC secret). */
export function hs256Token(claims: Record<string, unknown>, secret = "secret"): string {
  const head = `${b64({ alg: "HS256", typ: "JWT" })}.${b64(claims)}`;
  return `${head}.${createHmac("sha256", secret).update(head).digest("base64url")}`;
}

/** RS256 signed by a key the tenant never published, under a kid not in its JWKS. */
export function unknownKidToken(claims: Record<string, unknown>): string {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const head = `${b64({ alg: "RS256", typ: "JWT", kid: "not-a-published-kid" })}.${b64(claims)}`;
  return `${head}.${sign("sha256", Buffer.from(head), privateKey).toString("base64url")}`;
}
