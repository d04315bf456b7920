/**
 * Single-flight: concurrent callers asking for the same key share one in-flight promise, so N
 * simultaneous first calls cause one Key Vault read and one token request, not N.
 */
export class SingleFlight<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  /** Runs `work` unless a call for `key` is already running, in which case it joins that call. */
  run(key: string, work: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(key);
    if (running) return running;
    const started = work().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }
}
