/**
 * Removing a lock judged stale, without ever removing a live one. Two waiters may judge the same
 * lock stale at once; if both simply deleted "the lockfile", the slower one could delete the fresh
 * lock the faster one had just created, and both would then hold the lock. So breaking happens
 * under a second O_EXCL file (`<lock>.break`): the lock is re-read there and removed only if it is
 * still the very file (inode, mtime, contents with its nonce) that was judged stale.
 */
import {
  createExclusive,
  errorCode,
  isContention,
  type LockSnapshot,
  newNonce,
  ownerRecord,
  readLock,
  removeAsideIfUnchanged,
  removeIfOwned,
  staleReason,
} from "./lock-file.js";

// `.break` is held for a read and an unlink; older than this, its holder died in between.
const BREAK_STALE_MS = 2_000;

/** Removes the lock seen in `observed` if it is unchanged; false if someone else got there first. */
export async function breakStaleLock(lockPath: string, observed: LockSnapshot): Promise<boolean> {
  const breakPath = `${lockPath}.break`;
  const token = newNonce();
  try {
    await createExclusive(breakPath, JSON.stringify(ownerRecord(token)));
  } catch (error) {
    if (!isContention(errorCode(error))) throw error;
    // Someone else is breaking it right now; or a breaker died holding `.break` (a crash in a
    // microseconds-long window), recovered here by its dead PID or its age.
    const other = await readLock(breakPath);
    if (other && staleReason(other, { staleMs: BREAK_STALE_MS, heldNonces: new Set() })) {
      await removeAsideIfUnchanged(breakPath, other);
    }
    return false;
  }
  try {
    const current = await readLock(lockPath);
    if (!current || current.identity !== observed.identity) return false;
    return await removeAsideIfUnchanged(lockPath, current);
  } finally {
    await removeIfOwned(breakPath, token).catch(() => undefined);
  }
}
