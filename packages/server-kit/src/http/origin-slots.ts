/**
 * A per-origin concurrency cap shared by every call of the process: at most `limit` requests to one
 * origin are in flight, the rest wait in arrival order. A throttling storm then meets a few requests,
 * not every call the client fired at once. Hand-written (a dozen lines) rather than p-limit because
 * it is keyed by origin, honours each call's AbortSignal while queued, and frees idle origins.
 */

interface Waiter {
  grant: () => void;
}

interface Origin {
  active: number;
  queue: Waiter[];
}

const origins = new Map<string, Origin>();

/** Waits for a slot on `origin`; call the returned function exactly once when the exchange is over. */
export async function acquireSlot(
  origin: string,
  limit: number,
  signal: AbortSignal | undefined,
): Promise<() => void> {
  signal?.throwIfAborted();
  let state = origins.get(origin);
  if (!state) {
    state = { active: 0, queue: [] };
    origins.set(origin, state);
  }
  const slot = state;
  if (slot.active < limit && slot.queue.length === 0) {
    slot.active += 1;
    return releaser(origin, slot, limit);
  }
  await new Promise<void>((resolve, reject) => {
    const waiter: Waiter = {
      grant: () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      },
    };
    const onAbort = () => {
      const index = slot.queue.indexOf(waiter);
      if (index !== -1) slot.queue.splice(index, 1);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    slot.queue.push(waiter);
  });
  return releaser(origin, slot, limit);
}

function releaser(origin: string, slot: Origin, limit: number): () => void {
  let released = false;
  return () => {
    if (released) return;
    released = true;
    // Hand the slot straight to the next waiter (active stays), unless the cap shrank meanwhile.
    const next = slot.active <= limit ? slot.queue.shift() : undefined;
    if (next) return next.grant();
    slot.active -= 1;
    if (slot.active === 0 && slot.queue.length === 0) origins.delete(origin);
  };
}

/** Requests in flight to `origin` (for tests and diagnostics). */
export function activeRequests(origin: string): number {
  return origins.get(origin)?.active ?? 0;
}
