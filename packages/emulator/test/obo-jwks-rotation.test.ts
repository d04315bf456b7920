import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DefaultTenant, type Emulator, startEmulator } from "../src/index.js";
import { certificateClient, publicClient, thrown } from "./helpers.js";
import { call } from "./support/tokens.js";

interface Jwks {
  keys: { kid: string; x5t: string; x5c: string[]; kty: string; use: string; issuer: string }[];
}

/** Entra-style signing key rollover, seen by a hosted server that validates tokens with jose. */
describe("JWKS key rotation", () => {
  let emulator: Emulator<DefaultTenant>;
  let metadata: { issuer: string; jwks_uri: string };
  beforeAll(async () => {
    emulator = await startEmulator();
    metadata = (await (
      await fetch(`${emulator.urls.login}/${emulator.tenant.tenantId}/v2.0/.well-known/openid-configuration`)
    ).json()) as typeof metadata;
  });
  afterAll(() => emulator.stop());

  /** A user token for the hosted API (password sign-in of the first test user). */
  const apiToken = async () => {
    const user = emulator.tenant.testUsers[0];
    if (!user) throw new Error("no test user");
    const result = await publicClient(emulator, emulator.tenant.mcpClientId).acquireTokenByUsernamePassword({
      scopes: [emulator.tenant.api.scope],
      username: user.username,
      password: user.password,
    });
    if (!result?.accessToken) throw new Error("no token");
    return result.accessToken;
  };
  const graphToken = async () => {
    const user = emulator.tenant.testUsers[0];
    if (!user) throw new Error("no test user");
    const result = await publicClient(emulator, emulator.tenant.clientId).acquireTokenByUsernamePassword({
      scopes: ["User.Read"],
      username: user.username,
      password: user.password,
    });
    if (!result?.accessToken) throw new Error("no token");
    return result.accessToken;
  };
  const jwks = async () => (await (await fetch(metadata.jwks_uri)).json()) as Jwks;
  const admin = (method: string, path: string) =>
    fetch(`${emulator.urls.login}/_emulator${path}`, { method }).then(async (res) => ({
      status: res.status,
      body: res.status === 204 ? undefined : ((await res.json()) as Record<string, unknown>),
    }));
  const verifyOptions = () => ({
    issuer: metadata.issuer,
    audience: emulator.tenant.clientId,
    algorithms: ["RS256"],
  });

  it("rotate: a new kid signs, the old one stays published; a jose verifier picks the new key up", async () => {
    const before = await apiToken();
    const oldKid = decodeProtectedHeader(before).kid;
    expect((await jwks()).keys.map((k) => k.kid)).toEqual([oldKid]);

    // A long-lived verifier, as a hosted server keeps one: it has fetched and cached the old key.
    const verifier = createRemoteJWKSet(new URL(metadata.jwks_uri), { cooldownDuration: 0 });
    await jwtVerify(before, verifier, verifyOptions());

    const rotation = emulator.identity.rotateSigningKey();
    expect(rotation.previousKid).toBe(oldKid);
    expect(rotation.kid).not.toBe(oldKid);
    const published = await jwks();
    expect(published.keys.map((k) => k.kid)).toEqual([rotation.kid, oldKid]);
    for (const key of published.keys) {
      expect(key).toMatchObject({ kty: "RSA", use: "sig", x5t: key.kid, issuer: metadata.issuer });
      expect(key.x5c).toHaveLength(1);
    }

    const after = await apiToken();
    expect(decodeProtectedHeader(after).kid).toBe(rotation.kid);
    // The unknown kid makes jose refetch the JWKS; the new token verifies, and so does the old one.
    const { payload } = await jwtVerify(after, verifier, verifyOptions());
    expect(payload.oid).toBe(emulator.tenant.testUsers[0]?.oid);
    await jwtVerify(before, createRemoteJWKSet(new URL(metadata.jwks_uri)), verifyOptions());
    expect(await emulator.verifyAccessToken(before)).toBeDefined();
  });

  it("drop (over HTTP): the retired key leaves the JWKS and its tokens stop validating everywhere", async () => {
    const signedByOld = await graphToken();
    const apiSignedByOld = await apiToken();
    const { body: rotated } = await admin("POST", "/signing-keys/rotate");
    const oldKid = rotated?.previousKid as string;
    expect(decodeProtectedHeader(signedByOld).kid).toBe(oldKid);
    expect((await call(`${emulator.urls.graph}/v1.0/me`, signedByOld)).status).toBe(200);

    // The active key cannot be dropped; an unknown kid is a clear 400.
    const active = await admin("DELETE", `/signing-keys/${rotated?.kid as string}`);
    expect(active.status).toBe(400);
    expect(JSON.stringify(active.body)).toContain("rotate first");
    expect((await admin("DELETE", "/signing-keys/nope")).status).toBe(400);

    expect((await admin("DELETE", `/signing-keys/${oldKid}`)).status).toBe(204);
    const listed = await admin("GET", "/signing-keys");
    expect(listed.body?.activeKid).toBe(rotated?.kid);
    expect(listed.body?.kids).not.toContain(oldKid);
    expect((await jwks()).keys.map((k) => k.kid)).not.toContain(oldKid);

    await expect(
      jwtVerify(signedByOld, createRemoteJWKSet(new URL(metadata.jwks_uri)), {
        issuer: `https://sts.windows.net/${emulator.tenant.tenantId}/`,
      }),
    ).rejects.toThrow(/no applicable key/i);
    expect(await emulator.verifyAccessToken(signedByOld)).toBeUndefined();
    // Nor does an On-Behalf-Of exchange accept a user token signed with the dropped key.
    const material = emulator.vault.getCertificate(emulator.tenant.certName)?.material;
    if (!material) throw new Error("seeded certificate missing");
    const obo = await thrown(() =>
      certificateClient(emulator, emulator.tenant.clientId, material).acquireTokenOnBehalfOf({
        oboAssertion: apiSignedByOld,
        scopes: ["https://graph.microsoft.com/.default"],
      }),
    );
    expect(obo.message).toContain(
      "AADSTS50013: Assertion failed signature validation. [Reason - The key was not found.",
    );
    expect((await call(`${emulator.urls.graph}/v1.0/me`, signedByOld)).status).toBe(401);
    expect((await call(`${emulator.urls.graph}/v1.0/me`, await graphToken())).status).toBe(200);
    // Admin calls are not in the request log.
    expect(emulator.requests({ path: "/_emulator" })).toHaveLength(0);
  });
});
