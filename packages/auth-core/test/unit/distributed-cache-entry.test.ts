/** The sealed entry format and what of MSAL's cache is stored: pure functions, no network. */
import { createSecretKey, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { open, seal, toCacheKey } from "../../src/cache/distributed/sealed-entry.js";
import { slimForStorage } from "../../src/cache/distributed/slim-cache.js";

const key = createSecretKey(randomBytes(32));
const where = "entra-mcp:tokens:app:obo:user-a";

describe("sealed entries (AES-256-GCM, the Redis key as additional data)", () => {
  it("round-trips, and every sealing is different (random IV)", () => {
    const one = seal('{"AccessToken":{}}', key, where);
    expect(one).toMatch(/^v1\.[0-9a-f]+$/);
    expect(seal('{"AccessToken":{}}', key, where)).not.toBe(one);
    expect(open(one, key, where)).toBe('{"AccessToken":{}}');
  });

  it("does not open with another key, under another Redis key, tampered, truncated or in another format", () => {
    const sealed = seal("secret tokens", key, where);
    expect(open(sealed, createSecretKey(randomBytes(32)), where)).toBeUndefined();
    expect(open(sealed, key, "entra-mcp:tokens:app:obo:user-b")).toBeUndefined();
    const flipped = `${sealed.slice(0, 20)}${sealed[20] === "0" ? "1" : "0"}${sealed.slice(21)}`;
    expect(open(flipped, key, where)).toBeUndefined();
    expect(open(sealed.slice(0, 40), key, where)).toBeUndefined();
    expect(open(sealed.slice(0, -1), key, where)).toBeUndefined();
    expect(open("v2.00", key, where)).toBeUndefined();
    expect(open("plain text", key, where)).toBeUndefined();
  });

  it("a key that is not 32 bytes is refused with the fix", () => {
    expect(() => toCacheKey(randomBytes(16))).toThrow(
      /must be 32 bytes \(AES-256\); this one is 16 bytes.*openssl rand -base64 32/,
    );
    expect(toCacheKey(randomBytes(32)).symmetricKeySize).toBe(32);
  });
});

describe("slimForStorage", () => {
  it("keeps unexpired access tokens, drops expired ones and every refresh token", () => {
    const now = Math.floor(Date.now() / 1000);
    const cache = {
      Account: {},
      IdToken: {},
      AccessToken: {
        live: { secret: "live-token", expires_on: String(now + 3600), user_assertion_hash: "h1" },
        stale: { secret: "stale-token", expires_on: String(now - 10), user_assertion_hash: "h0" },
      },
      RefreshToken: { rt: { secret: "refresh-token" } },
      AppMetadata: {},
    };
    const slim = JSON.parse(slimForStorage(JSON.stringify(cache)));
    expect(Object.keys(slim.AccessToken)).toEqual(["live"]);
    expect(slim.RefreshToken).toEqual({});
    expect(slim.Account).toEqual({});
    expect(slimForStorage("not json")).toBe("not json");
  });
});
