/** The shared, lazily built JSON Schema validator still validates as the SDK's Ajv validator does. */
import { describe, expect, it } from "vitest";
import { sharedJsonSchemaValidator } from "../../src/json-schema-validator.js";

describe("shared JSON Schema validator", () => {
  const schema = {
    type: "object",
    properties: { email: { type: "string", format: "email" } },
    required: ["email"],
  } as const;

  it("accepts a valid answer and rejects an invalid one with a message", () => {
    const validate = sharedJsonSchemaValidator.getValidator<{ email: string }>(schema);
    expect(validate({ email: "a@contoso.com" })).toEqual({
      valid: true,
      data: { email: "a@contoso.com" },
      errorMessage: undefined,
    });
    const bad = validate({ email: "not an address" });
    expect(bad.valid).toBe(false);
    expect(bad.errorMessage).toMatch(/email/);
    expect(validate({}).valid).toBe(false);
  });
});
