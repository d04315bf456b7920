/**
 * Loading server-kit turns Zod's JIT off before any schema is built (src/zod-jitless.ts), and
 * schemas still parse and reject as before.
 */

import { describe, expect, it } from "vitest";
import * as z from "zod";
import "../../src/index.js";

describe("zod without its JIT", () => {
  it("is configured by loading the package", () => {
    expect(z.config().jitless).toBe(true);
  });

  it("parses and rejects object schemas as before", () => {
    const schema = z.object({ top: z.number().int().min(1), filter: z.string().optional() });
    expect(schema.parse({ top: 5 })).toEqual({ top: 5 });
    const failed = schema.safeParse({ top: "5" });
    expect(failed.success).toBe(false);
    expect(failed.error?.issues[0]?.path).toEqual(["top"]);
  });
});
