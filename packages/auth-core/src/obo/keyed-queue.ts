/**
 * Runs work for one key at a time, in arrival order. Per user it makes the MSAL cache round trip
 * (load the partition, look up, exchange, write back) atomic within this replica, so two concurrent
 * calls for one user never write over each other's new token, and the second finds the first's.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}
