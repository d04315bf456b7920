import { describe, expect, it } from "vitest";
import { aadstsCode, toTokenError } from "../../src/token-errors.js";

const context = {
  clientId: "0d5c5a9e-7d4e-4c5b-9a1e-2f3b4c5d6e7f",
  mode: "delegated" as const,
  scopes: ["https://graph.microsoft.com/.default"],
};

describe("toTokenError", () => {
  it.each([
    [65001, "CONSENT_REQUIRED", /admin-consent --id 0d5c5a9e/],
    [50011, "REDIRECT_URI_MISMATCH", /--public-client-redirect-uris http:\/\/localhost/],
    [700024, "CLOCK_SKEW", /sync the system clock/],
    [7000215, "INVALID_CLIENT_SECRET", /certificate/],
    [90002, "TOKEN_REQUEST_FAILED", /npx -y @entra-mcp\/cli doctor/],
  ])("AADSTS%i maps to %s with its fix", (code, expected, fix) => {
    const error = toTokenError(
      new Error(`invalid_grant: AADSTS${code}: something went wrong. Trace ID: x`),
      context,
    );
    expect(error.code).toBe(expected);
    expect(error.fix).toMatch(fix);
    expect(aadstsCode(error.cause)).toBe(code);
  });
});
