import { describe, expect, it } from "vitest";
import { cleanOData } from "../../src/output/clean-odata.js";
import { itemsThatFit, jsonBytes, shrinkToFit } from "../../src/output/fit-budget.js";
import { decodeCursor, encodeCursor } from "../../src/tools/cursor.js";

describe("cleanOData", () => {
  it("strips context, etags, links and a shared @odata.type", () => {
    const cleaned = cleanOData({
      "@odata.context": "https://graph/$metadata#users",
      "@odata.nextLink": "https://graph/v1.0/users?$skiptoken=x",
      "@odata.count": 2,
      continuationToken: "abc",
      value: [
        {
          "@odata.type": "#microsoft.graph.user",
          "@odata.etag": 'W/"1"',
          id: "1",
          "manager@odata.navigationLink": "x",
        },
        { "@odata.type": "#microsoft.graph.user", eTag: "2", id: "2" },
      ],
    });
    expect(cleaned).toEqual({ "@odata.count": 2, value: [{ id: "1" }, { id: "2" }] });
  });

  it("keeps @odata.type when the items differ", () => {
    const cleaned = cleanOData({
      value: [
        { "@odata.type": "#microsoft.graph.user", id: "1" },
        { "@odata.type": "#microsoft.graph.group", id: "2" },
      ],
    }) as { value: Record<string, unknown>[] };
    expect(cleaned.value.map((v) => v["@odata.type"])).toEqual([
      "#microsoft.graph.user",
      "#microsoft.graph.group",
    ]);
  });
});

describe("budget", () => {
  it("counts whole items that fit", () => {
    const items = Array.from({ length: 10 }, (_, i) => ({ id: i, name: "x".repeat(100) }));
    const n = itemsThatFit(items, 500, 20);
    expect(n).toBeGreaterThan(0);
    expect(jsonBytes(items.slice(0, n)) + 20).toBeLessThanOrEqual(500);
    expect(jsonBytes(items.slice(0, n + 1)) + 20).toBeGreaterThan(500);
  });

  it("shrinks a single value and keeps its shape", () => {
    const value = {
      id: "1",
      description: "d".repeat(50_000),
      tags: Array.from({ length: 2000 }, (_, i) => `t${i}`),
    };
    const { value: small, truncated } = shrinkToFit(value, 4096);
    expect(truncated).toBe(true);
    expect(jsonBytes(small)).toBeLessThanOrEqual(4096);
    expect(small).toMatchObject({
      id: "1",
      description: expect.stringMatching(/…$/),
      tags: expect.any(Array),
    });
  });
});

describe("cursor", () => {
  it("round-trips and refuses tampering", () => {
    const cursor = encodeCursor({
      api: "graph",
      environment: undefined,
      url: "https://g/v1.0/users",
      skip: 3,
      headers: {},
    });
    expect(decodeCursor(cursor)).toEqual({
      api: "graph",
      environment: undefined,
      url: "https://g/v1.0/users",
      skip: 3,
      headers: {},
    });
    const [payload] = cursor.split(".");
    const forged = Buffer.from(JSON.stringify({ a: "graph", u: "https://evil.example/", s: 0 })).toString(
      "base64url",
    );
    expect(() => decodeCursor(`${forged}.${cursor.split(".")[1]}`)).toThrow(/cursor/);
    expect(() => decodeCursor(`${payload}.AAAA`)).toThrow(/cursor/);
  });
});
