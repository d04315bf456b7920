import { describe, expect, it } from "vitest";
import { blockHost, hostWaitMs, retryAfterMs } from "../../src/http/retry.js";

describe("retryAfterMs", () => {
  it("reads seconds", () => {
    expect(retryAfterMs(new Headers({ "retry-after": "3" }))).toBe(3000);
  });

  it("reads an HTTP date", () => {
    const now = Date.parse("2026-11-22T10:00:00Z");
    expect(retryAfterMs(new Headers({ "retry-after": "Sun, 22 Nov 2026 10:00:05 GMT" }), now)).toBe(5000);
    expect(retryAfterMs(new Headers({ "retry-after": "Sun, 22 Nov 2026 09:00:00 GMT" }), now)).toBe(0);
  });

  it("prefers retry-after-ms and ignores junk", () => {
    expect(retryAfterMs(new Headers({ "retry-after-ms": "250", "retry-after": "9" }))).toBe(250);
    expect(retryAfterMs(new Headers({ "retry-after": "soon" }))).toBeUndefined();
    expect(retryAfterMs(new Headers())).toBeUndefined();
  });
});

describe("host gate", () => {
  it("holds every call to a throttled origin until the time it asked for", () => {
    const now = Date.now();
    blockHost("https://throttled.example", now + 2000);
    blockHost("https://throttled.example", now + 1000); // an earlier time never shortens the wait
    expect(hostWaitMs("https://throttled.example", now)).toBe(2000);
    expect(hostWaitMs("https://other.example", now)).toBe(0);
    expect(hostWaitMs("https://throttled.example", now + 2001)).toBe(0);
  });
});
