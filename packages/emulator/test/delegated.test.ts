import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  completeSignIn,
  type DefaultTenant,
  type Emulator,
  RESOURCE_APP_IDS,
  SignInPageError,
  startEmulator,
} from "../src/index.js";
import { claimsOf, publicClient, thrown } from "./helpers.js";

const POWER_BI = "https://analysis.windows.net/powerbi/api/Dataset.Read.All";

describe("delegated tokens with the real MSAL PublicClientApplication", () => {
  let emulator: Emulator<DefaultTenant>;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.stop());

  it("interactive sign-in through the scripted browser, then silent from cache, then refresh, then another resource", async () => {
    const pca = publicClient(emulator, emulator.tenant.clientId);
    const interactive = await pca.acquireTokenInteractive({
      scopes: ["User.Read", "Mail.Read"],
      openBrowser: (url) => completeSignIn(url),
    });
    expect(interactive.account?.username).toBe(emulator.tenant.user.upn);
    expect(interactive.account?.homeAccountId).toBe(
      `${emulator.tenant.user.oid}.${emulator.tenant.tenantId}`,
    );
    const claims = claimsOf(interactive.accessToken);
    expect(claims).toMatchObject({
      aud: "https://graph.microsoft.com",
      idtyp: "user",
      oid: emulator.tenant.user.oid,
      upn: emulator.tenant.user.upn,
    });
    expect((claims.scp as string).split(" ").sort()).toEqual(["Mail.Read", "User.Read"]);
    const authorize = emulator.requests({ path: "/oauth2/v2.0/authorize" });
    expect(authorize).toHaveLength(1);
    expect(authorize[0]?.path).not.toMatch(/code=(?!REDACTED)/);
    expect(emulator.requests({ grantType: "authorization_code" })).toHaveLength(1);

    emulator.clearRequests();
    const account = interactive.account;
    if (!account) throw new Error("no account");
    const silent = await pca.acquireTokenSilent({ account, scopes: ["User.Read"] });
    expect(silent.fromCache).toBe(true);
    expect(emulator.requests()).toHaveLength(0);

    const refreshed = await pca.acquireTokenSilent({ account, scopes: ["User.Read"], forceRefresh: true });
    expect(refreshed.fromCache).toBe(false);
    expect(refreshed.accessToken).not.toBe(silent.accessToken);
    expect(emulator.requests({ grantType: "refresh_token" })).toHaveLength(1);

    const powerBi = await pca.acquireTokenSilent({ account, scopes: [POWER_BI] });
    expect(claimsOf(powerBi.accessToken)).toMatchObject({
      aud: "https://analysis.windows.net/powerbi/api",
      scp: "Dataset.Read.All",
    });
    expect(emulator.requests({ grantType: "refresh_token" })).toHaveLength(2);

    // Revoking consent shows up on the next refresh as AADSTS65001.
    emulator.directory.revokeDelegated(emulator.tenant.clientId, RESOURCE_APP_IDS.powerBi);
    const error = await thrown(() =>
      pca.acquireTokenSilent({ account, scopes: [POWER_BI], forceRefresh: true }),
    );
    expect(error.message).toContain("AADSTS65001");
    emulator.directory.grantDelegated(emulator.tenant.clientId, RESOURCE_APP_IDS.powerBi, [
      "Dataset.Read.All",
    ]);
  });

  it("a scope without consent is posted back to the app as AADSTS65001", async () => {
    const pca = publicClient(emulator, emulator.tenant.clientId);
    const error = await thrown(() =>
      pca.acquireTokenInteractive({
        scopes: ["https://graph.microsoft.com/Calendars.Read"],
        openBrowser: (url) => completeSignIn(url),
      }),
    );
    expect(error.errorCode).toBe("consent_required");
    expect(error.message).toContain("AADSTS65001");
  });

  it("a redirect URI that is not registered shows the AADSTS50011 page instead of redirecting", async () => {
    emulator.directory.removeRedirectUri(emulator.tenant.clientId, "http://localhost");
    try {
      const pca = publicClient(emulator, emulator.tenant.clientId);
      let pageError: unknown;
      const error = await thrown(() =>
        pca.acquireTokenInteractive({
          scopes: ["User.Read"],
          openBrowser: async (url) => {
            pageError = await completeSignIn(url).catch((e: unknown) => e);
            throw pageError;
          },
        }),
      );
      expect(pageError).toBeInstanceOf(SignInPageError);
      expect((pageError as SignInPageError).code).toBe("AADSTS50011");
      expect(error.message).toContain("AADSTS50011: The redirect URI 'http://localhost:");
    } finally {
      emulator.directory.addRedirectUri(emulator.tenant.clientId, "http://localhost");
    }
  });

  it("device code flow: pending until approved programmatically, then tokens", async () => {
    const pca = publicClient(emulator, emulator.tenant.clientId);
    emulator.clearRequests();
    const result = await pca.acquireTokenByDeviceCode({
      scopes: ["User.Read"],
      deviceCodeCallback: (response) => {
        expect(response.verificationUri).toBe(`${emulator.urls.login}/devicelogin`);
        expect(response.interval).toBe(1);
        setTimeout(() => emulator.approveDeviceCode(response.userCode), 1200);
      },
    });
    expect(result?.account?.username).toBe(emulator.tenant.user.upn);
    const polls = emulator.requests({ grantType: "device_code" });
    expect(polls.length).toBeGreaterThanOrEqual(2);
    expect(polls[0]?.status).toBe(400);
    expect(polls.at(-1)?.status).toBe(200);
  });

  it("device code flow approved through the verification page (scripted browser)", async () => {
    const pca = publicClient(emulator, emulator.tenant.clientId);
    const result = await pca.acquireTokenByDeviceCode({
      scopes: [POWER_BI],
      deviceCodeCallback: (response) => {
        void completeSignIn(`${response.verificationUri}?otc=${response.userCode}`);
      },
    });
    expect(claimsOf(result?.accessToken ?? "")).toMatchObject({
      aud: "https://analysis.windows.net/powerbi/api",
    });
    const page = emulator.requests({ path: "/devicelogin" });
    expect(page).toHaveLength(1);
    expect(page[0]?.path).toBe("/devicelogin?otc=REDACTED");
  });
});
