/**
 * On-Behalf-Of end to end, process-local cache: real inbound tokens (MSAL password sign-in), real
 * MSAL ConfidentialClientApplication with the Key Vault certificate, the emulator's Entra ID answering
 * the exchanges and their errors. Counts come from the emulator's request log.
 */
import { randomBytes } from "node:crypto";
import { completeSignIn, RESOURCE_APP_IDS } from "@entra-mcp/emulator";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createDistributedTokenCache,
  createOnBehalfOf,
  type DistributedTokenCache,
  EntraMcpError,
  InteractionRequiredError,
  loadAuthConfig,
  type OnBehalfOf,
  setLogSink,
} from "../../src/index.js";
import { inboundUser, oboExchanges, resources, tokenRequests } from "../support/obo-setup.js";
import { apiToken, mcpClient } from "../support/obo-tokens.js";
import {
  claimsOf,
  startTestEmulator,
  type TestEmulator,
  useTeammateLogin,
} from "../support/test-emulator.js";

let t: TestEmulator;
const logged: string[] = [];
let restoreSink: ReturnType<typeof setLogSink>;
beforeAll(async () => {
  t = await startTestEmulator();
  useTeammateLogin(t.emulator);
  restoreSink = setLogSink((_level, line) => logged.push(line), "debug");
});
afterAll(async () => {
  setLogSink(restoreSink, "warn");
  await t.emulator.stop();
});
afterEach(() => t.emulator.clearRequests());

const obo = (): OnBehalfOf => createOnBehalfOf(loadAuthConfig(t.env()));

async function failure(call: Promise<unknown>): Promise<EntraMcpError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof EntraMcpError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

describe("createOnBehalfOf", () => {
  it("two users: a delegated token per user for Graph, Power BI, Fabric, Power Platform and each Dataverse environment", async () => {
    const server = obo();
    const users = [await inboundUser(t.emulator, t.env(), 0), await inboundUser(t.emulator, t.env(), 1)];
    t.emulator.clearRequests();
    for (const user of users) {
      for (const resource of resources(t.emulator)) {
        const token = await server.getToken(user, [resource.scope]);
        expect(token.mode).toBe("delegated");
        expect(token.expiresOn.getTime()).toBeGreaterThan(Date.now());
        expect(claimsOf(token.accessToken), resource.name).toMatchObject({
          aud: resource.aud,
          oid: user.oid,
          tid: user.tid,
          upn: user.username,
          appid: t.emulator.tenant.clientId,
        });
      }
    }
    for (const resource of resources(t.emulator)) {
      expect(
        oboExchanges(t.emulator, resource.aud).map((e) => e.oid),
        resource.name,
      ).toEqual(users.map((u) => u.oid));
    }
    // The inbound token went to Entra ID as the assertion only: no resource API saw it.
    const assertions = users.map((u) => u.assertion.split(".")[2] ?? "");
    expect(t.emulator.requests().filter((e) => e.origin !== "login" && e.origin !== "vault")).toEqual([]);
    expect(t.emulator.requests().filter((e) => e.aud === t.emulator.tenant.clientId)).toEqual([]);
    for (const signature of assertions)
      expect(JSON.stringify(t.emulator.requests())).not.toContain(signature);

    // Second calls (same inbound token) are served from the user's partition: no token request at all.
    t.emulator.clearRequests();
    for (const user of users) {
      for (const resource of resources(t.emulator)) {
        expect(claimsOf((await server.getToken(user, [resource.scope])).accessToken).oid).toBe(user.oid);
      }
    }
    expect(tokenRequests(t.emulator)).toHaveLength(0);
  });

  it("concurrent first calls of one user for one resource cost one exchange; two users at once never swap tokens", async () => {
    const server = obo();
    const [adele, megan] = [
      await inboundUser(t.emulator, t.env(), 0),
      await inboundUser(t.emulator, t.env(), 1),
    ];
    t.emulator.clearRequests();
    const graph = "https://graph.microsoft.com/.default";
    const calls = Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? adele : megan));
    const tokens = await Promise.all(calls.map((user) => server.getToken(user, [graph])));
    expect(tokens.map((token) => claimsOf(token.accessToken).oid)).toEqual(calls.map((user) => user.oid));
    expect(oboExchanges(t.emulator, "graph.microsoft.com")).toHaveLength(2);
  });

  it("a user's next call for the same resource is answered from memory: no exchange, no cache read; a new assertion or resource is not", async () => {
    const base = await createDistributedTokenCache({ encryptionKey: randomBytes(32) });
    let reads = 0;
    // The cache as given, counting MSAL's reads of a user's partition (beforeCacheAccess).
    const cache: DistributedTokenCache = {
      kind: base.kind,
      keyOf: (partition) => base.keyOf(partition),
      close: () => base.close(),
      pluginFor(partition) {
        const plugin = base.pluginFor(partition);
        return {
          beforeCacheAccess: async (context) => {
            reads += 1;
            await plugin.beforeCacheAccess(context);
          },
          afterCacheAccess: (context) => plugin.afterCacheAccess(context),
        };
      },
    };
    const server = createOnBehalfOf(loadAuthConfig(t.env()), { cache });
    const graph = "https://graph.microsoft.com/.default";
    const user = await inboundUser(t.emulator, t.env(), 0);
    t.emulator.clearRequests();
    const first = await server.getToken(user, [graph]);
    const afterFirst = reads;
    expect(afterFirst).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) {
      const again = await server.getToken(user, [graph]);
      expect(again.accessToken).toBe(first.accessToken);
    }
    expect(reads).toBe(afterFirst);
    expect(oboExchanges(t.emulator, "graph.microsoft.com")).toHaveLength(1);
    // Another resource goes through the cache and MSAL (and Entra ID) as before.
    await server.getToken(user, ["https://analysis.windows.net/powerbi/api/.default"]);
    expect(reads).toBeGreaterThan(afterFirst);
    // So does the same user with a new inbound token: MSAL's lookup is keyed by the assertion too.
    const renewed = await inboundUser(t.emulator, t.env(), 0);
    expect(renewed.assertion).not.toBe(user.assertion);
    const beforeRenewed = reads;
    await server.getToken(renewed, [graph]);
    expect(reads).toBeGreaterThan(beforeRenewed);
    await base.close();
  });

  it("consent missing downstream (AADSTS65001): InteractionRequired naming the admin-consent URL and the provision command, one exchange, no loop", async () => {
    const { tenant } = t.emulator;
    const sp = (appId: string) => t.emulator.directory.requireServicePrincipal(appId).objectId;
    const user = await inboundUser(t.emulator, t.env(), 0);
    const granted = t.emulator.directory.consent.delegatedScopesOf(
      sp(tenant.clientId),
      sp(RESOURCE_APP_IDS.powerPlatform),
      user.oid,
    );
    t.emulator.directory.revokeDelegated(tenant.clientId, RESOURCE_APP_IDS.powerPlatform);
    try {
      const server = obo();
      t.emulator.clearRequests();
      const error = await failure(server.getToken(user, ["https://api.powerplatform.com/.default"]));
      expect(error).toBeInstanceOf(InteractionRequiredError);
      const interaction = error as InteractionRequiredError;
      expect(interaction.code).toBe("InteractionRequired");
      expect(interaction.reason).toBe("consent");
      expect(interaction.aadsts).toBe(65001);
      expect(interaction.consentUrl).toBe(
        `${t.emulator.urls.login}/${tenant.tenantId}/adminconsent?client_id=${tenant.clientId}`,
      );
      expect(interaction.message).toContain(
        `nobody has consented to app ${tenant.clientId} acting for ${user.username} on https://api.powerplatform.com/.default (AADSTS65001)`,
      );
      expect(interaction.message).toContain(
        `Fix: an admin opens ${interaction.consentUrl} and accepts, or runs \`npx -y @entra-mcp/cli provision --hosted\``,
      );
      expect(tokenRequests(t.emulator).map((e) => e.status)).toEqual([400]);
      // Asking again asks Entra again (once): nothing stale is cached, nothing loops.
      await failure(server.getToken(user, ["https://api.powerplatform.com/.default"]));
      expect(tokenRequests(t.emulator)).toHaveLength(2);
    } finally {
      t.emulator.directory.grantDelegated(tenant.clientId, RESOURCE_APP_IDS.powerPlatform, granted);
    }
  });

  it("MFA required (AADSTS50076): InteractionRequired with the claims challenge; after the client's step-up sign-in the exchange succeeds", async () => {
    const { tenant } = t.emulator;
    const seeded = tenant.testUsers[1];
    if (!seeded) throw new Error("no test user");
    const policy = t.emulator.identity.requireMfa(seeded.username);
    try {
      const server = obo();
      const user = await inboundUser(t.emulator, t.env(), 1);
      t.emulator.clearRequests();
      const error = (await failure(
        server.getToken(user, ["https://graph.microsoft.com/.default"]),
      )) as InteractionRequiredError;
      expect(error).toBeInstanceOf(InteractionRequiredError);
      expect(error.reason).toBe("mfa");
      expect(error.aadsts).toBe(50076);
      expect(JSON.parse(error.claims ?? "")).toEqual({
        access_token: { capolids: { essential: true, values: [policy.id] } },
      });
      expect(error.message).toContain(
        `Entra ID requires ${seeded.username} to complete multi-factor authentication`,
      );
      expect(error.message).toContain(
        "Fix: sign in again in your MCP client (it will ask for the extra step)",
      );
      expect(tokenRequests(t.emulator)).toHaveLength(1);

      // What the MCP client does with the challenge: an interactive sign-in asking for those claims.
      const stepUp = await mcpClient(t.emulator).acquireTokenInteractive({
        scopes: [tenant.api.scope],
        claims: error.claims ?? "",
        loginHint: seeded.username,
        openBrowser: (url) => completeSignIn(url),
      });
      const { createInboundValidator, loadInboundAuthConfig } = await import("../../src/index.js");
      const steppedUp = await createInboundValidator(loadInboundAuthConfig(t.env())).validate(
        `Bearer ${stepUp.accessToken}`,
      );
      const token = await server.getToken(steppedUp, ["https://graph.microsoft.com/.default"], {
        claims: error.claims ?? "",
      });
      expect(claimsOf(token.accessToken)).toMatchObject({ oid: seeded.oid, amr: ["pwd", "mfa"] });
    } finally {
      t.emulator.identity.clearMfaRequirement(seeded.username);
    }
  });

  it("an assertion that expired before the exchange (AADSTS500133): InteractionRequired, sign in again", async () => {
    const user = await inboundUser(t.emulator, t.env(), 0);
    t.emulator.setClockSkew(-5400); // the token below was issued 90 minutes ago
    const expired = await apiToken(t.emulator, 0);
    t.emulator.setClockSkew(0);
    const error = (await failure(
      obo().getToken({ ...user, assertion: expired }, ["https://graph.microsoft.com/.default"]),
    )) as InteractionRequiredError;
    expect(error).toBeInstanceOf(InteractionRequiredError);
    expect(error).toMatchObject({ reason: "sign_in", aadsts: 500133, code: "InteractionRequired" });
    expect(error.message).toMatch(
      /Entra ID needs .* to sign in again .*\(AADSTS500133\)\. Fix: sign out and sign in again in your MCP client/,
    );
  });

  it("app callers: refused unless enabled, then this app's own app-only token (client credentials, no OBO)", async () => {
    const caller = {
      oid: "11111111-2222-3333-4444-555555555555",
      tid: t.emulator.tenant.tenantId,
      kind: "app" as const,
      scopes: [],
      roles: ["MCP.Invoke"],
      assertion: "not-used",
    };
    const refused = await failure(obo().getToken(caller, ["https://graph.microsoft.com/.default"]));
    expect(refused.code).toBe("MODE_UNSUPPORTED");
    expect(refused.message).toMatch(
      /app callers get no downstream tokens here.*Fix: call as a signed-in user, or the operator enables app callers/,
    );
    t.emulator.clearRequests();
    const enabled = createOnBehalfOf(loadAuthConfig(t.env()), { appCallers: true });
    const token = await enabled.getToken(caller, ["https://graph.microsoft.com/.default"]);
    expect(token.mode).toBe("app");
    expect(claimsOf(token.accessToken)).toMatchObject({ appid: t.emulator.tenant.clientId, idtyp: "app" });
    expect(tokenRequests(t.emulator).map((e) => e.grantType)).toEqual(["client_credentials"]);
  });

  it("certificate rotated in the vault (AADSTS700027): the exchange recovers by itself with the new version", async () => {
    const server = obo();
    const user = await inboundUser(t.emulator, t.env(), 0);
    await server.getToken(user, ["https://graph.microsoft.com/.default"]);
    t.emulator.rotateCertificate(t.emulator.tenant.certName, { registerOnApp: true, removeOld: true });
    t.emulator.clearRequests();
    const token = await server.getToken(user, ["https://api.fabric.microsoft.com/.default"]);
    expect(claimsOf(token.accessToken).aud).toBe("https://api.fabric.microsoft.com");
    expect(tokenRequests(t.emulator).map((e) => e.status)).toEqual([401, 200]);
    expect(logged.join("\n")).toMatch(
      /\[entra-mcp:obo\] warn: Entra ID rejected certificate .* \(AADSTS700027\); retrying once/,
    );
  });

  it("a configuration without the app's certificate is refused at once, naming the variables", () => {
    const env = t.env({
      ENTRA_MCP_AUTH_MODE: "delegated",
      ENTRA_MCP_KEYVAULT_URL: "",
      ENTRA_MCP_CERT_NAME: "",
    });
    expect(() => createOnBehalfOf(loadAuthConfig(env))).toThrow(
      /ENTRA_MCP_KEYVAULT_URL: hosted mode \(On-Behalf-Of\) signs in to Entra ID as the app with its certificate, but none is configured\. Fix: set ENTRA_MCP_KEYVAULT_URL and ENTRA_MCP_CERT_NAME/,
    );
  });

  it("no log line holds a JWT, an assertion or key material", () => {
    expect(logged.length).toBeGreaterThan(0);
    const text = logged.join("\n");
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
    expect(text).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY/);
  });
});
