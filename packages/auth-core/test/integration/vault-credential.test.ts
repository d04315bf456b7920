/**
 * The vault credential is built while the Key Vault client's first (token-less) request is out
 * (vault-credential.ts deferredVaultCredential): a credential that cannot be built still fails the
 * read with its own reason, and nothing is left as an unhandled rejection.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAuth, loadAuthConfig } from "../../src/index.js";
import { startTestEmulator, type TestEmulator, useTeammateLogin } from "../support/test-emulator.js";

let t: TestEmulator;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(async () => {
  t = await startTestEmulator();
  useTeammateLogin(t.emulator);
  process.on("unhandledRejection", onUnhandled);
});
afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await t.emulator.stop();
});
afterEach(() => {
  delete process.env.AZURE_TOKEN_CREDENTIALS;
});

/** Lets a stray rejection reach the unhandledRejection handler before we look. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe("the deferred vault credential", () => {
  it("reports a credential that cannot be built, from the read that needed it", async () => {
    process.env.AZURE_TOKEN_CREDENTIALS = "NoSuchCredential";
    t.emulator.clearRequests();
    const auth = createAuth(loadAuthConfig(t.env()));
    await expect(auth.getToken(["https://graph.microsoft.com/.default"])).rejects.toThrow(
      /AZURE_TOKEN_CREDENTIALS/,
    );
    // The vault's challenge went out before the credential was needed; no token request did.
    expect(t.emulator.requests().filter((r) => r.origin === "vault" && r.status === 401)).toHaveLength(1);
    expect(t.emulator.requests().filter((r) => r.origin === "login")).toHaveLength(0);
    await settle();
    expect(unhandled).toEqual([]);
  });

  it("leaves no unhandled rejection when the vault fails before it asks for a token", async () => {
    process.env.AZURE_TOKEN_CREDENTIALS = "NoSuchCredential";
    const auth = createAuth(
      loadAuthConfig(
        t.env({ ENTRA_MCP_KEYVAULT_URL: "https://127.0.0.1:9", ENTRA_MCP_NETWORK_TIMEOUT_MS: "3000" }),
      ),
    );
    await expect(auth.getToken(["https://graph.microsoft.com/.default"])).rejects.toThrow(
      /cannot be reached/,
    );
    await settle();
    expect(unhandled).toEqual([]);
  });
});
