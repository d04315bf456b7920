/**
 * Inbound token validation against the emulator's Entra ID (real JWKS over HTTPS, real MSAL tokens):
 * every kind of bad token is a 401 that says what is wrong, a token without the scope or role a 403,
 * and an unknown kid refreshes the JWKS at most once per floor (counted in the emulator's log).
 */
import { generateKeyPairSync } from "node:crypto";
import { ConfidentialClientApplication } from "@azure/msal-node";
import { decodeProtectedHeader, SignJWT } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  createInboundValidator,
  type InboundAuthConfig,
  InboundAuthError,
  loadInboundAuthConfig,
  protectedResourceMetadata,
} from "../../src/index.js";
import { apiToken, tokenFor } from "../support/obo-tokens.js";
import { claimsOf, startTestEmulator, type TestEmulator } from "../support/test-emulator.js";

let test: TestEmulator;
let config: InboundAuthConfig;
beforeAll(async () => {
  test = await startTestEmulator();
  config = loadInboundAuthConfig(test.env());
});
afterAll(() => test.emulator.stop());
beforeEach(() => test.emulator.setClockSkew(0));

const jwksFetches = () => test.emulator.requests((e) => e.path.includes("/discovery/v2.0/keys")).length;

async function rejection(validate: Promise<unknown>): Promise<InboundAuthError> {
  try {
    await validate;
  } catch (error) {
    if (error instanceof InboundAuthError) return error;
    throw error;
  }
  throw new Error("expected the token to be refused");
}

/** Claims shaped like a real token of ours, signed by a key the tenant never published. */
async function forged(
  alg: string,
  key: Parameters<SignJWT["sign"]>[0],
  header: Record<string, unknown> = {},
) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    aud: test.emulator.tenant.clientId,
    tid: test.emulator.tenant.tenantId,
    oid: test.emulator.tenant.testUsers[0]?.oid,
    scp: "access_as_user",
    ver: "2.0",
  })
    .setProtectedHeader({ alg, typ: "JWT", ...header })
    .setIssuer(`${test.emulator.urls.login}/${test.emulator.tenant.tenantId}/v2.0`)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + 3600)
    .sign(key);
}

describe("loadInboundAuthConfig", () => {
  it("derives the tenant issuer host, both audiences and the default scope from the stdio settings", () => {
    const { tenant, urls } = test.emulator;
    expect(config).toEqual({
      tenantId: tenant.tenantId,
      clientId: tenant.clientId,
      authorityHost: urls.login,
      audiences: [`api://${tenant.clientId}`, tenant.clientId],
      requiredScope: "access_as_user",
      clockSkewSec: 60,
    });
    expect(loadInboundAuthConfig(test.env({ ENTRA_MCP_APP_ROLE: "MCP.Invoke" })).appRole).toBe("MCP.Invoke");
  });

  it("names the variable and the fix for a bad value", () => {
    expect(() => loadInboundAuthConfig(test.env({ ENTRA_MCP_API_SCOPE: "api://x/access_as_user" }))).toThrow(
      /ENTRA_MCP_API_SCOPE: "api:\/\/x\/access_as_user" must be a bare scope value.*Fix: set ENTRA_MCP_API_SCOPE=access_as_user/,
    );
    expect(() => loadInboundAuthConfig(test.env({ ENTRA_MCP_CLOCK_SKEW_SECONDS: "soon" }))).toThrow(
      /ENTRA_MCP_CLOCK_SKEW_SECONDS: "soon" must be a whole number of seconds/,
    );
    expect(() => loadInboundAuthConfig(test.env({ ENTRA_MCP_TENANT_ID: "contoso.onmicrosoft.com" }))).toThrow(
      /ENTRA_MCP_TENANT_ID: "contoso.onmicrosoft.com" is a domain.*tenant GUID/,
    );
  });
});

describe("createInboundValidator", () => {
  it("accepts a user's v2.0 token for the API and says who they are", async () => {
    const token = await apiToken(test.emulator, 0);
    const user = await createInboundValidator(config).validate(`Bearer ${token}`);
    const seeded = test.emulator.tenant.testUsers[0];
    expect(user).toMatchObject({
      oid: seeded?.oid,
      tid: test.emulator.tenant.tenantId,
      username: seeded?.username,
      kind: "user",
      roles: [],
      assertion: token,
      clientAppId: test.emulator.tenant.mcpClientId,
    });
    expect(user.scopes).toContain("access_as_user");
    expect(user.name).toEqual(expect.any(String));
  });

  it("401 for no token and for a malformed Authorization header, without any JWKS fetch", async () => {
    const validator = createInboundValidator(config);
    test.emulator.clearRequests();
    for (const [header, words] of [
      [undefined, /No bearer token/],
      ["", /No bearer token/],
      ["Basic dXNlcjpwYXNz", /not "Bearer <access token>"/],
      ["Bearer", /not "Bearer <access token>"/],
      ["Bearer a b", /not "Bearer <access token>"/],
      ["Bearer not-a-jwt", /not a JWT/],
      ["Bearer e30.e30", /not a JWT/],
      ["Bearer !!!.???.###", /not a JWT/],
      ["Bearer eyJub3QganNvbg.e30.e30", /not a JWT \(its header does not decode\)/],
    ] as const) {
      const error = await rejection(validator.validate(header));
      expect(error, String(header)).toMatchObject({ status: 401, error: "invalid_token" });
      expect(error.description, String(header)).toMatch(words);
    }
    expect(jwksFetches()).toBe(0);
  });

  it("401 for alg none and HS256 (even an HMAC keyed with the tenant's public key), naming RS256", async () => {
    const validator = createInboundValidator(config);
    const real = (await apiToken(test.emulator, 0)).split(".");
    const none = `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${real[1]}.`;
    const hs256 = await forged("HS256", new TextEncoder().encode("a-shared-secret-an-attacker-chose"));
    // The classic confusion attack: HMAC keyed with the tenant's published certificate, kid and all.
    const { tenant, urls } = test.emulator;
    const jwks = (await (await fetch(`${urls.login}/${tenant.tenantId}/discovery/v2.0/keys`)).json()) as {
      keys: { kid: string; x5c: string[] }[];
    };
    const published = jwks.keys[0];
    if (!published) throw new Error("no published key");
    const confused = await forged("HS256", Buffer.from(published.x5c[0] ?? "", "base64"), {
      kid: published.kid,
    });
    for (const token of [none, hs256, confused]) {
      const error = await rejection(validator.validate(`Bearer ${token}`));
      expect(error).toMatchObject({ status: 401, error: "invalid_token" });
      expect(error.description).toMatch(/accepts only RS256 tokens issued by Entra ID/);
      expect(error.description).not.toContain(token.split(".")[1]);
    }
  });

  it("401 for an RS256 token signed by a key the tenant never published (unknown kid, or a known kid's name)", async () => {
    const validator = createInboundValidator(config);
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const realKid = decodeProtectedHeader(await apiToken(test.emulator, 0)).kid;
    const unknown = await rejection(
      validator.validate(`Bearer ${await forged("RS256", privateKey, { kid: "attacker-kid" })}`),
    );
    expect(unknown).toMatchObject({ status: 401, error: "invalid_token" });
    expect(unknown.description).toMatch(
      /signing key \(kid attacker-kid\) is not among this tenant's published keys/,
    );
    const impostor = await rejection(
      validator.validate(`Bearer ${await forged("RS256", privateKey, { kid: realKid })}`),
    );
    expect(impostor.description).toMatch(/signature does not verify/);
  });

  it("401 for an expired token (beyond the clock skew), saying when it expired", async () => {
    test.emulator.setClockSkew(-5400); // issued 90 minutes ago: expired 30 minutes ago
    const expired = await apiToken(test.emulator, 0);
    test.emulator.setClockSkew(0);
    const error = await rejection(createInboundValidator(config).validate(`Bearer ${expired}`));
    expect(error).toMatchObject({ status: 401, error: "invalid_token" });
    expect(error.description).toMatch(/^The token expired at \d{4}-\d\d-\d\dT.*sign in again/);
  });

  it("a token a little past exp (inside the skew) still passes; nbf in the future beyond it does not", async () => {
    test.emulator.setClockSkew(-(3600 + 20)); // expired 20 s ago; skew is 60 s
    const justExpired = await apiToken(test.emulator, 1);
    test.emulator.setClockSkew(600); // issued 10 minutes in the future
    const early = await apiToken(test.emulator, 1);
    test.emulator.setClockSkew(0);
    const validator = createInboundValidator(config);
    await expect(validator.validate(`Bearer ${justExpired}`)).resolves.toMatchObject({ kind: "user" });
    expect((await rejection(validator.validate(`Bearer ${early}`))).description).toMatch(/not valid yet/);
  });

  it("a verified token is remembered (the same user object again), but never past its exp", async () => {
    test.emulator.setClockSkew(-(3600 - 30)); // expires in 30 s
    const shortLived = await apiToken(test.emulator, 0);
    test.emulator.setClockSkew(0);
    const validator = createInboundValidator(config);
    const first = await validator.validate(`Bearer ${shortLived}`);
    expect(await validator.validate(`Bearer ${shortLived}`)).toBe(first);
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 120_000 }); // 90 s past exp: beyond the skew
    try {
      const error = await rejection(validator.validate(`Bearer ${shortLived}`));
      expect(error.description).toMatch(/^The token expired/);
    } finally {
      vi.useRealTimers();
    }
  });

  it("401 for a wrong audience: the user's Graph token is not for this API", async () => {
    const user = test.emulator.tenant.testUsers[0];
    if (!user) throw new Error("no user");
    const graph = await tokenFor(
      test.emulator,
      user.username,
      user.password,
      ["User.Read"],
      test.emulator.tenant.clientId,
    );
    // Graph tokens are v1 (sts issuer); re-sign nothing: the issuer check or the audience check refuses it.
    const error = await rejection(createInboundValidator(config).validate(`Bearer ${graph}`));
    expect(error).toMatchObject({ status: 401, error: "invalid_token" });
    expect(error.description).toMatch(/issued by|audience/);
  });

  it("401 for a token of this tenant's keys but for another API (aud check), naming the scope to ask for", async () => {
    // Same tenant, same keys, v2 issuer: only the audience differs (another app's API).
    const other = { ...config, audiences: ["api://some-other-api", "00000000-0000-0000-0000-000000000001"] };
    const error = await rejection(
      createInboundValidator(other).validate(`Bearer ${await apiToken(test.emulator, 0)}`),
    );
    expect(error).toMatchObject({ status: 401, error: "invalid_token" });
    expect(error.description).toMatch(
      new RegExp(
        `audience ${test.emulator.tenant.clientId}, not this server's API .*ask for the scope api://some-other-api/access_as_user`,
      ),
    );
  });

  it("401 for another tenant's token (a second emulator): its issuer is not this tenant's", async () => {
    const other = await startTestEmulator();
    try {
      const foreign = await apiToken(other.emulator, 0);
      const error = await rejection(createInboundValidator(config).validate(`Bearer ${foreign}`));
      expect(error).toMatchObject({ status: 401, error: "invalid_token" });
      expect(error.description).toContain(
        `issued by ${other.emulator.urls.login}/${other.emulator.tenant.tenantId}/v2.0`,
      );
      expect(error.description).toContain(
        `not by this tenant's Entra ID (${test.emulator.urls.login}/${test.emulator.tenant.tenantId}/v2.0)`,
      );
    } finally {
      await other.emulator.stop();
    }
  });

  it("403 insufficient_scope for a user token without access_as_user", async () => {
    const strict = { ...config, requiredScope: "admin_only" };
    const error = await rejection(
      createInboundValidator(strict).validate(`Bearer ${await apiToken(test.emulator, 0)}`),
    );
    expect(error).toMatchObject({ status: 403, error: "insufficient_scope" });
    expect(error.description).toMatch(/lacks the scope admin_only \(it has: access_as_user\)/);
  });

  it("app callers: 403 unless an app role is configured, then only with that role", async () => {
    const { tenant, urls } = test.emulator;
    const app = new ConfidentialClientApplication({
      auth: {
        clientId: tenant.teammate.clientId,
        authority: `${urls.login}/${tenant.tenantId}`,
        knownAuthorities: [new URL(urls.login).host],
        clientSecret: tenant.teammate.clientSecret,
      },
    });
    const appToken = async () =>
      (
        await app.acquireTokenByClientCredential({
          scopes: [`${tenant.api.identifierUri}/.default`],
          skipCache: true,
        })
      )?.accessToken ?? "";
    const noRole = await appToken();
    expect(claimsOf(noRole).roles).toBeUndefined();
    const usersOnly = await rejection(createInboundValidator(config).validate(`Bearer ${noRole}`));
    expect(usersOnly).toMatchObject({ status: 403, error: "insufficient_scope" });
    expect(usersOnly.description).toMatch(/accepts users only.*ENTRA_MCP_APP_ROLE/);

    const withRole = { ...config, appRole: "MCP.Invoke" };
    const missing = await rejection(createInboundValidator(withRole).validate(`Bearer ${noRole}`));
    expect(missing.description).toMatch(/lacks the app role MCP.Invoke/);

    test.emulator.directory.grantAppRoles(tenant.teammate.clientId, tenant.clientId, [tenant.api.appRole]);
    const granted = await appToken();
    const caller = await createInboundValidator(withRole).validate(`Bearer ${granted}`);
    expect(caller).toMatchObject({ kind: "app", roles: ["MCP.Invoke"], tid: tenant.tenantId, scopes: [] });
  });

  it("unknown kid: one JWKS refresh per floor, however many made-up kids arrive; a rotated key is picked up", async () => {
    const validator = createInboundValidator({ ...config, jwksRefreshFloorSec: 2 });
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    test.emulator.clearRequests();
    await validator.validate(`Bearer ${await apiToken(test.emulator, 0)}`);
    expect(jwksFetches()).toBe(1);

    // A storm of tokens naming kids nobody published: within the floor, no fetch at all.
    const storm = await Promise.all(
      Array.from({ length: 25 }, async (_, i) => forged("RS256", privateKey, { kid: `storm-${i}` })),
    );
    for (const token of storm)
      expect((await rejection(validator.validate(`Bearer ${token}`))).status).toBe(401);
    expect(jwksFetches()).toBe(1);

    // After the floor, Entra rolls its key: the first token with the new kid refetches once.
    await new Promise((r) => setTimeout(r, 2100));
    const rotation = test.emulator.identity.rotateSigningKey();
    const fresh = await apiToken(test.emulator, 1);
    expect(decodeProtectedHeader(fresh).kid).toBe(rotation.kid);
    await expect(validator.validate(`Bearer ${fresh}`)).resolves.toMatchObject({ kind: "user" });
    expect(jwksFetches()).toBe(2);
    // And a second storm right after costs nothing more.
    await Promise.all(storm.map((token) => rejection(validator.validate(`Bearer ${token}`))));
    expect(jwksFetches()).toBe(2);
  });

  it("JWKS unreachable: 401 saying the keys could not be fetched, and no refetch before the floor", async () => {
    const token = await apiToken(test.emulator, 0);
    const other = await startTestEmulator();
    const deadHost = other.emulator.urls.login;
    await other.emulator.stop(); // a port that refuses connections
    const validator = createInboundValidator({ ...config, authorityHost: deadHost, jwksRefreshFloorSec: 30 });
    const first = await rejection(validator.validate(`Bearer ${token}`));
    expect(first).toMatchObject({ status: 401, error: "invalid_token" });
    expect(first.description).toMatch(/signing keys could not be fetched from Entra ID; retry shortly/);
    const started = Date.now();
    const second = await rejection(validator.validate(`Bearer ${token}`));
    expect(second.description).toMatch(/could not be fetched a moment ago; retry in 30 s/);
    expect(Date.now() - started).toBeLessThan(50);
  });

  it("no error description ever contains the token or its signature", async () => {
    const token = await apiToken(test.emulator, 0);
    const [h, p, s] = token.split(".") as [string, string, string];
    const broken = [`${h}.${p}.${s.slice(0, -4)}AAAA`, `${h}.${p}`, `${h}.${p}.`];
    const strict = createInboundValidator({ ...config, requiredScope: "nope" });
    const errors = [
      ...(await Promise.all(
        broken.map((t) => rejection(createInboundValidator(config).validate(`Bearer ${t}`))),
      )),
      await rejection(strict.validate(`Bearer ${token}`)),
    ];
    for (const error of errors) {
      const text = `${error.message} ${error.description} ${JSON.stringify(error)}`;
      expect(text).not.toContain(s);
      expect(text).not.toContain(p);
      expect(text).not.toMatch(/eyJ/);
    }
  });
});

describe("protectedResourceMetadata", () => {
  it("is the RFC 9728 document: resource, the tenant's v2.0 authority, the API scope", async () => {
    const { tenant, urls } = test.emulator;
    const doc = protectedResourceMetadata(config, "https://mcp.contoso.test/graph");
    expect(doc).toEqual({
      resource: "https://mcp.contoso.test/graph",
      authorization_servers: [`${urls.login}/${tenant.tenantId}/v2.0`],
      scopes_supported: [`api://${tenant.clientId}/access_as_user`],
      bearer_methods_supported: ["header"],
      resource_name: "entra-mcp",
    });
    expect(doc.scopes_supported[0]).toBe(tenant.api.scope);
    expect(protectedResourceMetadata(config, "https://mcp.contoso.test/").resource).toBe(
      "https://mcp.contoso.test",
    );
    // The authorization server it names publishes OpenID metadata whose issuer is exactly that URL.
    const discovery = (await (
      await fetch(`${doc.authorization_servers[0]}/.well-known/openid-configuration`)
    ).json()) as {
      issuer: string;
    };
    expect(discovery.issuer).toBe(doc.authorization_servers[0]);
  });

  it("refuses a public URL a client could not use as the resource identifier", () => {
    expect(() => protectedResourceMetadata(config, "mcp.contoso.test")).toThrow(
      /ENTRA_MCP_PUBLIC_URL: "mcp.contoso.test" is not a URL/,
    );
    expect(() => protectedResourceMetadata(config, "http://mcp.contoso.test")).toThrow(/must use https:\/\//);
    expect(() => protectedResourceMetadata(config, "https://mcp.contoso.test/#x")).toThrow(
      /query or fragment/,
    );
    expect(protectedResourceMetadata(config, "http://127.0.0.1:8080/mcp").resource).toBe(
      "http://127.0.0.1:8080/mcp",
    );
  });
});
