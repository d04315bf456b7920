/**
 * FIFO mutex shared by everything in this thread that locks the same path. The lockfile alone
 * cannot order two callers of one process (both would see "held by my own PID"), and MSAL may run
 * several cache accesses of one process concurrently; they must queue here before the file lock.
 */

type Release = () => void;

class InProcessMutex {
  locked = false;
  readonly waiters: Array<(release: Release) => void> = [];
  private readonly onIdle: () => void;

  // No parameter properties: tests run these sources under Node's type stripping.
  constructor(onIdle: () => void) {
    this.onIdle = onIdle;
  }

  /** Resolves with a release function, or with undefined if `timeoutMs` passes first. */
  acquire(timeoutMs: number): Promise<Release | undefined> {
    if (!this.locked) {
      this.locked = true;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve) => {
      const waiter = (release: Release) => {
        clearTimeout(timer);
        resolve(release);
      };
      const timer = setTimeout(
        () => {
          const index = this.waiters.indexOf(waiter);
          if (index >= 0) this.waiters.splice(index, 1);
          resolve(undefined);
        },
        Math.max(0, timeoutMs),
      );
      this.waiters.push(waiter);
    });
  }

  private releaser(): Release {
    let released = false;
    return () => {
      // Idempotent: a double release must not hand the mutex to a second waiter.
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) {
        next(this.releaser());
      } else {
        this.locked = false;
        this.onIdle();
      }
    };
  }
}

const mutexes = new Map<string, InProcessMutex>();

/** The mutex for `key` (a resolved lockfile path); case-folded where the file system usually is. */
export function inProcessMutex(key: string): { acquire(timeoutMs: number): Promise<Release | undefined> } {
  const normalized = process.platform === "win32" || process.platform === "darwin" ? key.toLowerCase() : key;
  let mutex = mutexes.get(normalized);
  if (!mutex) {
    const created = new InProcessMutex(() => {
      if (!created.locked && created.waiters.length === 0) mutexes.delete(normalized);
    });
    mutex = created;
    mutexes.set(normalized, created);
  }
  return mutex;
}
