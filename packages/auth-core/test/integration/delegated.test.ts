/**
 * Delegated sign-in end to end: MSAL's real loopback + PKCE flow driven by the emulator's scripted
 * browser (ENTRA_MCP_BROWSER), then silent tokens from the persistent cache, refresh, device code.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { RESOURCE_APP_IDS } from "@entra-mcp/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuth, type EntraMcpError, loadAuthConfig, setLogSink } from "../../src/index.js";
import { claimsOf, startTestEmulator, type TestEmulator } from "../support/test-emulator.js";

const GRAPH = "https://graph.microsoft.com/.default";
const POWER_BI = "https://analysis.windows.net/powerbi/api/.default";
const browserCli = createRequire(import.meta.url).resolve("@entra-mcp/emulator/browser-cli");

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.emulator.stop());

const delegatedEnv = (extra: Record<string, string | undefined> = {}) =>
  t.env({
    ENTRA_MCP_AUTH_MODE: "delegated",
    ENTRA_MCP_BROWSER: `"${process.execPath}" "${browserCli}"`,
    ...extra,
  });

describe("delegated", () => {
  it("signs in through the browser once, then is silent (memory, then persistent cache), then refreshes", async () => {
    const env = delegatedEnv();
    const auth = createAuth(loadAuthConfig(env), { signInTimeoutMs: 20_000 });
    t.emulator.clearRequests();
    const first = await auth.getToken([GRAPH]);
    const claims = claimsOf(first.accessToken);
    expect(claims.aud).toBe("https://graph.microsoft.com");
    expect(claims.upn ?? claims.preferred_username).toBe(t.emulator.tenant.user.upn);
    expect(String(claims.scp)).toMatch(/User\.Read/);
    expect(t.emulator.requests().filter((r) => r.grantType === "authorization_code")).toHaveLength(1);
    expect(await auth.status()).toMatchObject({
      principal: { type: "user", username: t.emulator.tenant.user.upn },
    });

    t.emulator.clearRequests();
    await auth.getToken([GRAPH]);
    expect(t.emulator.requests()).toHaveLength(0);

    // Another process of the same user: the encrypted/persisted cache answers, no sign-in, no network.
    const second = createAuth(loadAuthConfig(env));
    const fromCache = await second.getToken([GRAPH]);
    expect(fromCache.accessToken).toBe(first.accessToken);
    expect(t.emulator.requests()).toHaveLength(0);

    // A different resource is a refresh-token grant, not a new sign-in.
    const powerBi = await second.getToken([POWER_BI]);
    expect(claimsOf(powerBi.accessToken).aud).toBe("https://analysis.windows.net/powerbi/api");
    const grants = t.emulator
      .requests()
      .map((r) => r.grantType)
      .filter(Boolean);
    expect(grants).toEqual(["refresh_token"]);
  });

  it("falls back to (or uses) a device code, prompting on stderr, never stdout", async () => {
    const lines: string[] = [];
    const previous = setLogSink((_level, line) => {
      lines.push(line);
      const code = /enter the code ([A-Z0-9]+)/i.exec(line)?.[1];
      if (code) setTimeout(() => t.emulator.approveDeviceCode(code), 200);
    });
    try {
      const auth = createAuth(loadAuthConfig(delegatedEnv({ ENTRA_MCP_BROWSER: "none" })), {
        signInTimeoutMs: 20_000,
      });
      t.emulator.clearRequests();
      const token = await auth.getToken([GRAPH]);
      expect(claimsOf(token.accessToken).upn ?? claimsOf(token.accessToken).preferred_username).toBe(
        t.emulator.tenant.user.upn,
      );
      expect(lines.some((line) => /devicelogin/.test(line))).toBe(true);
      expect(t.emulator.requests().some((r) => r.path.includes("/devicecode"))).toBe(true);
    } finally {
      setLogSink(previous);
    }
  });

  it("a browser command that cannot start falls back to the device code", async () => {
    const previous = setLogSink((_level, line) => {
      const code = /enter the code ([A-Z0-9]+)/i.exec(line)?.[1];
      if (code) setTimeout(() => t.emulator.approveDeviceCode(code), 200);
    });
    try {
      const auth = createAuth(loadAuthConfig(delegatedEnv({ ENTRA_MCP_BROWSER: "/nonexistent/browser" })), {
        signInTimeoutMs: 20_000,
      });
      const token = await auth.getToken([GRAPH]);
      expect(token.mode).toBe("delegated");
    } finally {
      setLogSink(previous);
    }
  });

  it("a sign-in nobody finishes stops at the deadline with SIGN_IN_TIMEOUT", async () => {
    // `true` starts and exits 0 without visiting the URL, like a browser the user walked away from.
    const auth = createAuth(loadAuthConfig(delegatedEnv({ ENTRA_MCP_BROWSER: "true" })), {
      signInTimeoutMs: 1_500,
    });
    const error = (await auth.getToken([GRAPH]).catch((e: unknown) => e)) as EntraMcpError;
    expect(error.code).toBe("SIGN_IN_TIMEOUT");
    expect(error.message).toMatch(/within 2 s/);
  });
  it("a corrupt cache is moved aside and the user signs in again instead of looping", async () => {
    const env = delegatedEnv();
    const auth = createAuth(loadAuthConfig(env), { signInTimeoutMs: 20_000 });
    await auth.getToken([GRAPH]);
    const cache = (await auth.status()).cache;
    if (!cache.persistent) throw new Error(`expected a persistent cache: ${cache.reason}`);
    writeFileSync(cache.location, "{ this is not json");

    t.emulator.clearRequests();
    const again = createAuth(loadAuthConfig(env), { signInTimeoutMs: 20_000 });
    const token = await again.getToken([GRAPH]);
    expect(token.mode).toBe("delegated");
    expect(t.emulator.requests().filter((r) => r.grantType === "authorization_code")).toHaveLength(1);
    expect(readdirSync(dirname(cache.location)).some((name) => name.includes("corrupt"))).toBe(true);
    expect(() => JSON.parse(readFileSync(cache.location, "utf8"))).not.toThrow();
  });

  it("missing consent is AADSTS65001 with the admin-consent fix", async () => {
    // Last in this file: it changes the tenant for good.
    t.emulator.directory.revokeDelegated(t.emulator.tenant.clientId, RESOURCE_APP_IDS.graph);
    {
      const auth = createAuth(loadAuthConfig(delegatedEnv()), { signInTimeoutMs: 20_000 });
      const error = (await auth.getToken([GRAPH]).catch((e: unknown) => e)) as EntraMcpError;
      expect(error.code).toBe("CONSENT_REQUIRED");
      expect(error.message).toMatch(/AADSTS65001/);
      expect(error.fix).toMatch(/admin-consent/);
    }
  });
});
