/**
 * One acquisition of the cross-process lock. Each acquisition is its own object, so concurrent
 * cache accesses of one process (queued by the in-process mutex) never share release state.
 * While held, a heartbeat keeps the lockfile's mtime fresh, so only a holder that stopped running
 * can look abandoned to other processes.
 */
import { utimes } from "node:fs/promises";
import { log } from "../logger.js";
import { errorCode, readLock, removeIfOwned } from "./lock-file.js";

// A holder that never releases (a bug) must not block everyone forever: stop refreshing after this.
const MAX_HEARTBEAT_MS = 120_000;

const heldNonces = new Set<string>();

/** Nonces this thread holds right now, across all locks (see staleReason in lock-file.ts). */
export const heldByThisThread: ReadonlySet<string> = heldNonces;

export class HeldLock {
  readonly lockPath: string;
  readonly nonce: string;
  private released = false;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly releaseInProcess: () => void;

  constructor(lockPath: string, nonce: string, staleMs: number, releaseInProcess: () => void) {
    this.lockPath = lockPath;
    this.nonce = nonce;
    this.releaseInProcess = releaseInProcess;
    heldNonces.add(nonce);
    const started = Date.now();
    this.heartbeat = setInterval(
      () => {
        if (Date.now() - started > MAX_HEARTBEAT_MS) {
          clearInterval(this.heartbeat);
          log(
            "warn",
            "token-cache",
            `lock ${lockPath} held for over ${MAX_HEARTBEAT_MS} ms; no longer refreshing it`,
          );
          return;
        }
        void this.touch();
      },
      Math.max(50, Math.floor(staleMs / 4)),
    );
    this.heartbeat.unref();
  }

  /** True until release(). */
  get held(): boolean {
    return !this.released;
  }

  /** Idempotent; removes the lockfile only if it still carries this acquisition's nonce. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    clearInterval(this.heartbeat);
    try {
      if (!(await removeIfOwned(this.lockPath, this.nonce))) {
        log("warn", "token-cache", `lock ${this.lockPath} was taken over by another process before release`);
      }
    } finally {
      heldNonces.delete(this.nonce);
      this.releaseInProcess();
    }
  }

  private async touch(): Promise<void> {
    try {
      const current = await readLock(this.lockPath);
      if (current?.owner?.nonce === this.nonce && !this.released) {
        const now = new Date();
        await utimes(this.lockPath, now, now);
      }
    } catch (error) {
      log("debug", "token-cache", `could not refresh lock ${this.lockPath}: ${errorCode(error) ?? "error"}`);
    }
  }
}
