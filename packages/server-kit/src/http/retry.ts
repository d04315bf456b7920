/**
 * Throttling: Retry-After (seconds or an HTTP date) is honoured, waits are bounded, and a host that
 * asked us to wait is left alone by every call of the process until then (shared backoff per host).
 */
import { setTimeout as sleep } from "node:timers/promises";

import type { ResponseHeaders } from "./http-client.js";
export const RETRY_STATUSES = new Set([429, 503, 504]);

/** Milliseconds the response asks us to wait, or undefined when it does not say. */
export function retryAfterMs(headers: ResponseHeaders, now = Date.now()): number | undefined {
  const ms = headers.get("retry-after-ms") ?? headers.get("x-ms-retry-after-ms");
  if (ms && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.ceil(Number(ms));
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with jitter for retries the server gave no time for. */
export function backoffMs(attempt: number): number {
  const base = Math.min(8000, 500 * 2 ** attempt);
  return Math.round(base / 2 + Math.random() * (base / 2));
}

/** Per-origin "not before" times: one throttled call slows every call to that host. */
const hostGates = new Map<string, number>();

export function blockHost(origin: string, untilMs: number): void {
  if ((hostGates.get(origin) ?? 0) < untilMs) hostGates.set(origin, untilMs);
}

/** How long a call to `origin` must still wait (0 when free). */
export function hostWaitMs(origin: string, now = Date.now()): number {
  const until = hostGates.get(origin);
  if (until === undefined) return 0;
  if (until <= now) {
    hostGates.delete(origin);
    return 0;
  }
  return until - now;
}

/** Sleeps, stopping early (with the signal's reason) when the call is cancelled. */
export async function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0) return;
  await sleep(ms, undefined, signal ? { signal } : undefined);
}
