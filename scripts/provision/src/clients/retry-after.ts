/** How long to wait before retrying: Retry-After in seconds or as an HTTP date, else exponential. */
export function retryDelayMs(retryAfter: string | null, attempt: number, now = Date.now()): number {
  const cap = 60_000;
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, cap);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.min(Math.max(date - now, 0), cap);
  }
  return Math.min(1000 * 2 ** attempt, cap);
}
