import { describe, expect, it } from "vitest";
import { acquireSlot, activeRequests } from "../../src/http/origin-slots.js";

describe("per-origin slots", () => {
  it("admits `limit` at once, queues the rest in order, and frees the origin when idle", async () => {
    const origin = "https://a.example";
    const first = await acquireSlot(origin, 2, undefined);
    const second = await acquireSlot(origin, 2, undefined);
    const order: string[] = [];
    const third = acquireSlot(origin, 2, undefined).then((release) => {
      order.push("third");
      return release;
    });
    const fourth = acquireSlot(origin, 2, undefined).then((release) => {
      order.push("fourth");
      return release;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(order).toEqual([]);
    expect(activeRequests(origin)).toBe(2);
    first();
    first(); // a second call of the same release is a no-op
    (await third)();
    second();
    (await fourth)();
    expect(order).toEqual(["third", "fourth"]);
    expect(activeRequests(origin)).toBe(0);
  });

  it("a queued call that is cancelled leaves the queue and rejects with the signal's reason", async () => {
    const origin = "https://b.example";
    const held = await acquireSlot(origin, 1, undefined);
    const controller = new AbortController();
    const queued = acquireSlot(origin, 1, controller.signal);
    controller.abort(new Error("cancelled by the client"));
    await expect(queued).rejects.toThrow("cancelled by the client");
    held();
    expect(activeRequests(origin)).toBe(0);
  });

  it("origins do not share slots", async () => {
    const a = await acquireSlot("https://c.example", 1, undefined);
    const b = await acquireSlot("https://d.example", 1, undefined);
    expect(activeRequests("https://c.example")).toBe(1);
    expect(activeRequests("https://d.example")).toBe(1);
    a();
    b();
  });
});
