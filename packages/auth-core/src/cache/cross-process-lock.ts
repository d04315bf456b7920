/**
 * Cross-process lock for the token cache: an O_EXCL lockfile holding the owner's PID, host, thread
 * and a random nonce. msal-node-extensions' CrossPlatformLock lost 13-47% of updates with 3-4
 * processes (notes/platform.md) because it deleted other processes' lockfiles and waited 50 s on
 * dead ones; this one only ever removes its own file (checked by nonce) or a provably stale one.
 *
 * Stale locks: an owner PID that no longer runs (same host) is stale at once, so a crashed server's
 * lock is recovered within milliseconds; anything else is stale only when its holder stopped
 * refreshing it (heartbeat, held-lock.ts) for `staleMs`, which covers PID reuse and lockfiles
 * from other hosts.
 * Removing a stale lock safely (two waiters racing to break it) is break-stale-lock.ts.
 */
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { TokenCacheError } from "../errors.js";
import { log } from "../logger.js";
import { breakStaleLock } from "./break-stale-lock.js";
import { HeldLock, heldByThisThread } from "./held-lock.js";
import { inProcessMutex } from "./in-process-mutex.js";
import {
  createExclusive,
  errorCode,
  isContention,
  type LockSnapshot,
  newNonce,
  ownerRecord,
  readLock,
  staleReason,
} from "./lock-file.js";

export interface CrossProcessLockOptions {
  /** Absolute path of the lockfile; its directory is created (0700) if missing. */
  lockPath: string;
  /** Give up after this long with CACHE_LOCK_TIMEOUT. Default 10 000 ms. */
  timeoutMs?: number;
  /** A live-looking lock not refreshed for this long is abandoned. Default 8 000 ms. */
  staleMs?: number;
  /** Mean pause between attempts (jittered). Default 25 ms. */
  retryDelayMs?: number;
}

export const DEFAULT_LOCK_TIMEOUT_MS = 10_000;
// Below the default timeout, so a waiter recovers an abandoned lock within one acquire.
export const DEFAULT_STALE_LOCK_MS = 8_000;

/** The lock of one cache file; acquire() as often as needed, release each HeldLock it returns. */
export class CrossProcessLock {
  readonly lockPath: string;
  readonly timeoutMs: number;
  readonly staleMs: number;
  private readonly retryDelayMs: number;

  constructor(options: CrossProcessLockOptions) {
    this.lockPath = options.lockPath;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
    this.staleMs = options.staleMs ?? DEFAULT_STALE_LOCK_MS;
    this.retryDelayMs = options.retryDelayMs ?? 25;
  }

  /**
   * Waits for the lock (this process first, then the lockfile) or throws CACHE_LOCK_TIMEOUT.
   * Concurrent callers are fine: they queue, and each gets its own HeldLock to release.
   */
  async acquire(): Promise<HeldLock> {
    const deadline = Date.now() + this.timeoutMs;
    const releaseInProcess = await inProcessMutex(this.lockPath).acquire(this.timeoutMs);
    if (!releaseInProcess) throw this.timeoutError(undefined, "another token cache access in this process");
    try {
      const nonce = await this.acquireFile(deadline);
      return new HeldLock(this.lockPath, nonce, this.staleMs, releaseInProcess);
    } catch (error) {
      releaseInProcess();
      throw error instanceof TokenCacheError ? error : this.unavailableError(error);
    }
  }

  private async acquireFile(deadline: number): Promise<string> {
    let last: LockSnapshot | undefined;
    let createdDir = false;
    let quickRetries = 0;
    for (;;) {
      const nonce = newNonce();
      try {
        await createExclusive(this.lockPath, JSON.stringify(ownerRecord(nonce)));
        return nonce;
      } catch (error) {
        const code = errorCode(error);
        if (code === "ENOENT" && !createdDir) {
          createdDir = true;
          await mkdir(dirname(this.lockPath), { recursive: true, mode: 0o700 });
          continue;
        }
        if (!isContention(code)) throw error;
      }
      const snapshot = await readLock(this.lockPath);
      if (snapshot) {
        last = snapshot;
        const reason = staleReason(snapshot, { staleMs: this.staleMs, heldNonces: heldByThisThread });
        // After breaking a stale lock, retry at once: that is what keeps recovery well under 2 s.
        if (reason && (await this.breakStale(snapshot, reason))) continue;
      } else if (quickRetries++ < 3) {
        continue; // released between our create and read: try again right away
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw this.timeoutError(last);
      await sleep(Math.min(remaining, this.retryDelayMs * (0.5 + Math.random())));
    }
  }

  private async breakStale(observed: LockSnapshot, reason: string): Promise<boolean> {
    if (!(await breakStaleLock(this.lockPath, observed))) return false;
    log("warn", "token-cache", `removed stale lock ${this.lockPath}: ${reason}`);
    return true;
  }

  private timeoutError(last: LockSnapshot | undefined, holder?: string): TokenCacheError {
    const owner = last?.owner;
    const who =
      holder ??
      (owner
        ? `process ${owner.pid}${owner.host ? ` on ${owner.host}` : ""}`
        : last
          ? "an unreadable lockfile"
          : "another process");
    const fix = owner
      ? `if process ${owner.pid} is not an entra-mcp server that is still running, delete ${this.lockPath}; otherwise retry, or stop the server that is stuck.`
      : `retry; if it keeps happening and no entra-mcp server is running, delete ${this.lockPath}.`;
    return new TokenCacheError(
      "CACHE_LOCK_TIMEOUT",
      `Token cache lock ${this.lockPath} is still held by ${who} after ${this.timeoutMs} ms.`,
      { fix },
    );
  }

  private unavailableError(error: unknown): TokenCacheError {
    return new TokenCacheError(
      "CACHE_UNAVAILABLE",
      `Cannot use the token cache lockfile ${this.lockPath} (${errorCode(error) ?? "error"}).`,
      {
        cause: error,
        fix: `make ${dirname(this.lockPath)} writable by this user, or set ENTRA_MCP_CACHE_DIR to a directory that is.`,
      },
    );
  }
}
