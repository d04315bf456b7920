import { describe, expect, it } from "vitest";
import { EntraMcpError, redact } from "../../src/index.js";

const JWT =
  "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20ifQ.c2lnbmF0dXJlLWJ5dGVz";
const PEM = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";

describe("redact", () => {
  it("removes JWTs, PEM blocks, bearer tokens, form secrets and long base64", () => {
    const text = [
      `token ${JWT}`,
      PEM,
      "Authorization: Bearer abc.def-ghi",
      "client_assertion=xyz&client_secret=hunter2&scope=https://graph.microsoft.com/.default",
      "A".repeat(300),
    ].join("\n");
    const out = redact(text);
    for (const secret of [
      JWT,
      "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC",
      "abc.def-ghi",
      "xyz",
      "hunter2",
      "A".repeat(300),
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain("scope=https://graph.microsoft.com/.default");
  });

  it("keeps GUIDs and thumbprints readable", () => {
    const text =
      "app 0d5c5a9e-7d4e-4c5b-9a1e-2f3b4c5d6e7f thumbprint 3A1F0C9B2D4E5F60718293A4B5C6D7E8F9012345";
    expect(redact(text)).toBe(text);
  });

  it("errors redact their message, fix and cause", () => {
    const error = new EntraMcpError("TOKEN_REQUEST_FAILED", `failed with ${JWT}`, {
      cause: new Error(`inner ${PEM}`),
      fix: `use ${JWT}`,
    });
    expect(error.message).not.toContain(JWT);
    expect(error.fix).not.toContain(JWT);
    expect(String((error.cause as Error).message)).not.toContain("MIIEvQ");
    expect(error.name).toBe("EntraMcpError");
  });
});
