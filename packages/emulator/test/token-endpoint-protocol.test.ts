import { createHash, randomBytes } from "node:crypto";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseFirstForm } from "../src/browser/html-form.js";
import { type DefaultTenant, type Emulator, startEmulator } from "../src/index.js";

interface ErrorBody {
  error: string;
  error_codes: number[];
  error_description: string;
  suberror?: string;
}

describe("Entra ID wire protocol details (raw HTTP)", () => {
  let emulator: Emulator<DefaultTenant>;
  let base: string;
  const token = async (form: Record<string, string>) => {
    const res = await fetch(`${base}/oauth2/v2.0/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & ErrorBody };
  };
  const authorizeCode = async (verifier: string, redirectUri = "http://localhost:8400") => {
    const url = new URL(`${base}/oauth2/v2.0/authorize`);
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const query = {
      client_id: emulator.tenant.clientId,
      response_type: "code",
      response_mode: "form_post",
      redirect_uri: redirectUri,
      scope: "User.Read openid profile offline_access",
      code_challenge: challenge,
      code_challenge_method: "S256",
      state: "s1",
      nonce: "n1",
    };
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const form = parseFirstForm(await (await fetch(url)).text());
    if (!form) throw new Error("no form");
    expect(form.action).toBe(redirectUri);
    expect(form.fields.state).toBe("s1");
    return form.fields.code ?? "";
  };

  beforeAll(async () => {
    emulator = await startEmulator();
    base = `${emulator.urls.login}/${emulator.tenant.tenantId}`;
  });
  afterAll(() => emulator.stop());
  afterEach(() => emulator.setClockSkew(0));

  it("OIDC metadata shares the authority's origin; tokens verify against the published JWKS", async () => {
    const metadata = (await (await fetch(`${base}/v2.0/.well-known/openid-configuration`)).json()) as Record<
      string,
      string
    >;
    for (const key of [
      "issuer",
      "authorization_endpoint",
      "token_endpoint",
      "device_authorization_endpoint",
      "jwks_uri",
    ]) {
      expect(new URL(metadata[key] ?? "").origin).toBe(emulator.urls.login);
    }
    const byDomain = await fetch(`${emulator.urls.login}/contoso.test/v2.0/.well-known/openid-configuration`);
    expect(((await byDomain.json()) as Record<string, string>).token_endpoint).toBe(metadata.token_endpoint);
    const organizations = (await (
      await fetch(`${emulator.urls.login}/organizations/v2.0/.well-known/openid-configuration`)
    ).json()) as Record<string, string>;
    expect(organizations.token_endpoint).toBe(`${emulator.urls.login}/organizations/oauth2/v2.0/token`);
    const discovery = (await (
      await fetch(
        `${emulator.urls.login}/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(metadata.authorization_endpoint ?? "")}`,
      )
    ).json()) as { tenant_discovery_endpoint: string; metadata: { aliases: string[] }[] };
    expect(discovery.tenant_discovery_endpoint).toBe(`${base}/v2.0/.well-known/openid-configuration`);
    expect(discovery.metadata[0]?.aliases).toEqual([new URL(emulator.urls.login).host]);
    const unknown = await fetch(`${emulator.urls.login}/not-a-tenant/v2.0/.well-known/openid-configuration`);
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as ErrorBody).error_codes).toEqual([90002]);

    const verifier = randomBytes(32).toString("base64url");
    const code = await authorizeCode(verifier);
    const { body } = await token({
      grant_type: "authorization_code",
      client_id: emulator.tenant.clientId,
      code,
      code_verifier: verifier,
      redirect_uri: "http://localhost:8400",
      scope: "User.Read openid profile offline_access",
    });
    const jwks = createRemoteJWKSet(new URL(metadata.jwks_uri ?? ""));
    const access = await jwtVerify(body.access_token as string, jwks);
    expect(access.payload.iss).toBe(`https://sts.windows.net/${emulator.tenant.tenantId}/`);
    const id = await jwtVerify(body.id_token as string, jwks, {
      audience: emulator.tenant.clientId,
      issuer: metadata.issuer,
    });
    expect(id.payload).toMatchObject({
      nonce: "n1",
      ver: "2.0",
      preferred_username: emulator.tenant.user.upn,
      tid: emulator.tenant.tenantId,
    });
    expect(JSON.parse(Buffer.from(body.client_info as string, "base64url").toString())).toEqual({
      uid: emulator.tenant.user.oid,
      utid: emulator.tenant.tenantId,
    });
    expect(body).toMatchObject({
      token_type: "Bearer",
      expires_in: 3599,
      ext_expires_in: 3599,
      scope: "User.Read openid profile offline_access",
    });
    expect(typeof body.refresh_token).toBe("string");
  });

  it("authorization codes: PKCE verifier checked, redirect_uri must match, single use", async () => {
    const verifier = randomBytes(32).toString("base64url");
    const code = await authorizeCode(verifier, "http://127.0.0.1:9400");
    const base = {
      grant_type: "authorization_code",
      client_id: emulator.tenant.clientId,
      code,
      scope: "User.Read",
    };
    const wrongRedirect = await token({
      ...base,
      code_verifier: verifier,
      redirect_uri: "http://127.0.0.1:9401",
    });
    expect(wrongRedirect.body.error_codes).toEqual([500112]);
    const second = await authorizeCode(verifier, "http://127.0.0.1:9400");
    const badVerifier = await token({
      ...base,
      code: second,
      code_verifier: "x".repeat(43),
      redirect_uri: "http://127.0.0.1:9400",
    });
    expect(badVerifier.body).toMatchObject({ error: "invalid_grant", error_codes: [501481] });
    const third = await authorizeCode(verifier, "http://127.0.0.1:9400");
    const ok = await token({
      ...base,
      code: third,
      code_verifier: verifier,
      redirect_uri: "http://127.0.0.1:9400",
    });
    expect(ok.status).toBe(200);
    const replay = await token({
      ...base,
      code: third,
      code_verifier: verifier,
      redirect_uri: "http://127.0.0.1:9400",
    });
    expect(replay.body.error_codes).toEqual([54005]);
  });

  it("device code: authorization_pending, then expired_token once the clock passes expires_in", async () => {
    const res = await fetch(`${base}/oauth2/v2.0/devicecode`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ client_id: emulator.tenant.clientId, scope: "User.Read offline_access" }),
    });
    const dc = (await res.json()) as {
      device_code: string;
      user_code: string;
      expires_in: number;
      message: string;
    };
    expect(dc.user_code).toMatch(/^[A-Z2-9]{9}$/);
    expect(dc.message).toContain(dc.user_code);
    const poll = {
      grant_type: "urn:ietf:params:oauth:grant-type:device_code",
      client_id: emulator.tenant.clientId,
      device_code: dc.device_code,
    };
    expect((await token(poll)).body).toMatchObject({ error: "authorization_pending", error_codes: [70016] });
    emulator.setClockSkew(dc.expires_in + 1);
    expect((await token(poll)).body).toMatchObject({ error: "expired_token", error_codes: [70019] });
  });

  it("public client flows need isFallbackPublicClient; grant_type and scopes are validated", async () => {
    emulator.directory.setFallbackPublicClient(emulator.tenant.clientId, false);
    try {
      const res = await token({
        grant_type: "device_code",
        client_id: emulator.tenant.clientId,
        device_code: "x",
      });
      expect(res.status).toBe(401);
      expect(res.body.error_codes).toEqual([7000218]);
    } finally {
      emulator.directory.setFallbackPublicClient(emulator.tenant.clientId, true);
    }
    const { teammate } = emulator.tenant;
    const creds = { client_id: teammate.clientId, client_secret: teammate.clientSecret };
    expect((await token({ ...creds, grant_type: "urn:example:unknown" })).body.error_codes).toEqual([70003]);
    // ROPC is a supported grant (hosted mode's scripted sign-in); its parameters are required.
    expect((await token({ ...creds, grant_type: "password" })).body.error_codes).toEqual([900144]);
    expect(
      (
        await token({
          ...creds,
          grant_type: "client_credentials",
          scope: "https://graph.microsoft.com/User.Read",
        })
      ).body.error_codes,
    ).toEqual([1002012]);
    expect(
      (
        await token({
          ...creds,
          grant_type: "client_credentials",
          scope: "https://graph.microsoft.com/.default https://vault.azure.net/.default",
        })
      ).body.error_codes,
    ).toEqual([28000]);
    expect(
      (
        await token({
          client_id: "00000000-0000-0000-0000-00000000dead",
          grant_type: "client_credentials",
          client_secret: "x",
        })
      ).body.error_codes,
    ).toEqual([700016]);
  });

  it("authorize: unknown redirect URI shows an AADSTS50011 page; loopback ports and 127.0.0.1 match http://localhost", async () => {
    const url = (redirect: string) =>
      `${base}/oauth2/v2.0/authorize?client_id=${emulator.tenant.clientId}&response_type=code&response_mode=form_post&scope=User.Read&redirect_uri=${encodeURIComponent(redirect)}`;
    const bad = await fetch(url("https://evil.example.com/callback"));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain(
      "AADSTS50011: The redirect URI &#39;https://evil.example.com/callback&#39;",
    );
    for (const ok of ["http://localhost:1234", "http://127.0.0.1:5555", "http://localhost"]) {
      const res = await fetch(url(ok));
      expect(parseFirstForm(await res.text())?.fields.code).toBeTruthy();
    }
  });
});
