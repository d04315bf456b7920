/**
 * A cursor resumes where the last result stopped without fetching again what was already fetched:
 * items cut by the byte budget come from the server's bounded cursor store, and the next page from the
 * stored nextLink. A full walk through cursors costs the upstream requests of walking the pages.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Connected, connect } from "../support/connect.js";
import { startTestEmulator, type TestEmulator } from "../support/test-emulator.js";

let t: TestEmulator;
let session: Connected | undefined;
const EXTRA = 470;

beforeAll(async () => {
  t = await startTestEmulator();
  const domain = t.emulator.directory.tenant.defaultDomain;
  for (let i = 0; i < EXTRA; i++) {
    const alias = `walker${String(i).padStart(4, "0")}`;
    t.emulator.directory.addUser({
      upn: `${alias}@${domain}`,
      mail: `${alias}@${domain}`,
      displayName: `Walker ${i}`,
      givenName: "Walker",
      surname: String(i),
      jobTitle: "Tester",
      department: "Quality",
      city: "Seattle",
      country: "United States",
    });
  }
});
afterAll(async () => {
  await t?.emulator.stop();
});
afterEach(async () => {
  await session?.close();
  session = undefined;
  t.emulator.clearRequests();
});

interface Listing {
  value: { id: string }[];
  note?: string;
  nextCursor?: string;
}

async function walk(args: Record<string, unknown>): Promise<{ ids: string[]; calls: number }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let calls = 0;
  do {
    const result = await (session as Connected).call("list_users", cursor ? { cursor } : args);
    expect(result.isError, result.text).toBeFalsy();
    const content = result.structuredContent as unknown as Listing;
    ids.push(...content.value.map((u) => u.id));
    cursor = content.nextCursor;
    calls += 1;
  } while (cursor && calls < 100);
  return { ids, calls };
}

describe("cursors resume without refetching", () => {
  it("walks every user through cursors with one upstream request per page", async () => {
    session = await connect(t.env());
    const total = t.emulator.directory.listUsers().length;
    expect(total).toBeGreaterThanOrEqual(EXTRA + 30);
    t.emulator.clearRequests();
    const { ids, calls } = await walk({});
    expect(new Set(ids).size).toBe(total);
    expect(ids).toHaveLength(total);
    // The byte budget cuts pages of 100: more calls than pages, but each page is fetched once.
    expect(calls).toBeGreaterThan(Math.ceil(total / 100));
    const pages = t.emulator.requests({ origin: "graph", path: "/v1.0/users" }).map((r) => r.path);
    expect(pages).toHaveLength(Math.ceil(total / 100));
    expect(new Set(pages).size).toBe(pages.length);
  });

  it("a cursor cut at the item cap resumes from what was fetched", async () => {
    session = await connect(t.env({ ENTRA_MCP_MAX_ITEMS: "30", ENTRA_MCP_MAX_RESULT_BYTES: "1048576" }));
    t.emulator.clearRequests();
    const { ids } = await walk({});
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(t.emulator.directory.listUsers().length);
    const pages = t.emulator.requests({ origin: "graph", path: "/v1.0/users" }).map((r) => r.path);
    expect(new Set(pages).size).toBe(pages.length);
  });

  it("a cursor whose stored listing was evicted (bounded store) still continues, with one refetch", async () => {
    session = await connect(t.env());
    const first = (await session.call("list_users")).structuredContent as unknown as Listing;
    expect(first.nextCursor).toBeTruthy();
    // The store holds 64 listings: 70 more cursors push the first one out.
    for (let i = 0; i < 70; i++) {
      const other = (await session.call("list_users", { top: 1 })).structuredContent as unknown as Listing;
      expect(other.nextCursor).toBeTruthy();
    }
    t.emulator.clearRequests();
    const resumed = (await session.call("list_users", { cursor: first.nextCursor }))
      .structuredContent as unknown as Listing;
    expect(resumed.value.length).toBeGreaterThan(0);
    expect(resumed.value.map((u) => u.id)).not.toContain(first.value[0]?.id);
    for (const user of first.value) expect(resumed.value.map((u) => u.id)).not.toContain(user.id);
    // Its page was fetched again (the fallback in the signed cursor); the rest of that page did not
    // fill the budget, so the next page followed.
    const pages = t.emulator.requests({ origin: "graph", path: "/v1.0/users" }).map((r) => r.path);
    expect(pages[0]).toBe("/v1.0/users");
    expect(pages.length).toBeLessThanOrEqual(2);
  });

  it("a cursor used twice gives the same items both times", async () => {
    session = await connect(t.env());
    const first = (await session.call("list_users")).structuredContent as unknown as Listing;
    expect(first.nextCursor).toBeTruthy();
    const again = (await session.call("list_users", { cursor: first.nextCursor }))
      .structuredContent as unknown as Listing;
    const twice = (await session.call("list_users", { cursor: first.nextCursor }))
      .structuredContent as unknown as Listing;
    expect(twice.value.map((u) => u.id)).toEqual(again.value.map((u) => u.id));
    expect(again.value[0]?.id).not.toBe(first.value[0]?.id);
  });
});
