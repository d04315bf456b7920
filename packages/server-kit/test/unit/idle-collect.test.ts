/** The idle collector: one memory-reducing GC per quiet period, none while messages flow, a real gc. */
import { describe, expect, it } from "vitest";
import { exposedGc, idleCollector } from "../../src/memory/idle-collect.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("idleCollector", () => {
  it("collects once after a quiet period, not while messages keep coming", async () => {
    const calls: unknown[] = [];
    const collector = idleCollector(60, (options) => calls.push(options));
    for (let i = 0; i < 5; i++) {
      collector.touch();
      await sleep(20);
    }
    expect(calls).toEqual([]);
    await sleep(120);
    expect(calls).toEqual([{ type: "major", execution: "sync", flavor: "last-resort" }]);
    await sleep(120);
    expect(calls).toHaveLength(1);
    collector.touch();
    await sleep(120);
    expect(calls).toHaveLength(2);
    collector.stop();
  });

  it("gets V8's gc without --expose-gc, and it releases heap", () => {
    const gc = exposedGc();
    expect(gc).toBeTypeOf("function");
    let garbage: unknown[] | undefined = Array.from({ length: 200_000 }, (_, i) => ({ i, s: `x${i}` }));
    const before = process.memoryUsage().heapUsed;
    garbage = undefined;
    gc?.({ type: "major", execution: "sync", flavor: "last-resort" });
    expect(garbage).toBeUndefined();
    expect(process.memoryUsage().heapUsed).toBeLessThan(before);
  });
});
