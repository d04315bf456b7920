import { describe, expect, it } from "vitest";
import { CursorStore, type StoredListing } from "../../src/tools/cursor-store.js";

const listing = (items: number, size = 10): StoredListing => ({
  api: "graph",
  environment: undefined,
  field: "value",
  rest: {},
  pending: Array.from({ length: items }, (_, index) => ({
    value: { id: "x".repeat(size) },
    pageUrl: "https://graph.example/v1.0/users",
    index,
  })),
  next: undefined,
  base: "https://graph.example/v1.0/users",
  seen: [],
});

describe("CursorStore bounds", () => {
  it("keeps at most `entries` listings, dropping the oldest", () => {
    const store = new CursorStore({ entries: 3, bytes: 1_000_000, ttlMs: 60_000 });
    const keys = [1, 2, 3, 4, 5].map(() => store.put(listing(1)) as string);
    expect(store.size).toBe(3);
    expect(store.get(keys[0] as string)).toBeUndefined();
    expect(store.get(keys[1] as string)).toBeUndefined();
    expect(store.get(keys[4] as string)?.pending).toHaveLength(1);
  });

  it("keeps the total under `bytes` and refuses a listing larger than a quarter of it", () => {
    const store = new CursorStore({ entries: 100, bytes: 20_000, ttlMs: 60_000 });
    expect(store.put(listing(100, 100))).toBeUndefined();
    for (let i = 0; i < 20; i++) store.put(listing(10, 100));
    // Each listing is ~1.8 KB: about ten fit in 20 KB.
    expect(store.size).toBeLessThanOrEqual(11);
    expect(store.size).toBeGreaterThanOrEqual(5);
  });

  it("forgets listings older than `ttlMs`", () => {
    const store = new CursorStore({ entries: 10, bytes: 1_000_000, ttlMs: 1000 });
    const key = store.put(listing(1), 0) as string;
    expect(store.get(key, 999)).toBeDefined();
    expect(store.get(key, 1000)).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it("keys are random and unguessable-length", () => {
    const store = new CursorStore();
    const a = store.put(listing(1)) as string;
    const b = store.put(listing(1)) as string;
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });
});
