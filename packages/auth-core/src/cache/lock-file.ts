/**
 * The lockfile's contents and how to judge them: who owns a lock, whether that owner is gone, and
 * exclusive create / owner-checked removal. The acquire loop lives in cross-process-lock.ts.
 */
import { randomBytes } from "node:crypto";
import { link, open, readFile, rename, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { threadId } from "node:worker_threads";

/** What a lock holder writes into the lockfile. */
export interface LockOwner {
  pid: number;
  /** Absent in bare-PID lockfiles (older tools): then the owner is assumed to be on this host. */
  host?: string;
  /** Worker thread id: two threads share a PID but not our in-memory bookkeeping. */
  tid?: number;
  /** Random per acquisition, so a holder only ever removes its own lockfile. */
  nonce?: string;
  acquiredAt?: string;
}

/** One read of a lockfile: its text, parsed owner, age and an identity that changes on replacement. */
export interface LockSnapshot {
  raw: string;
  owner: LockOwner | undefined;
  ageMs: number;
  /** inode + mtime + contents: equal only if it is the very same file, untouched. */
  identity: string;
}

export interface StalenessRules {
  /** A lock not refreshed for this long is abandoned even if its PID looks alive (PID reuse, other host). */
  staleMs: number;
  /** Nonces this thread holds right now: a lock with our PID and thread but another nonce is a leftover. */
  heldNonces: ReadonlySet<string>;
}

// Creating a lockfile and writing its record takes microseconds; an unreadable one older than this
// was left by a process that died in between.
const UNREADABLE_STALE_MS = 1_000;

/** A fresh random nonce. */
export function newNonce(): string {
  return randomBytes(12).toString("hex");
}

/** The record this thread writes for an acquisition identified by `nonce`. */
export function ownerRecord(nonce: string): LockOwner {
  return { pid: process.pid, host: hostname(), tid: threadId, nonce, acquiredAt: new Date().toISOString() };
}

/** Parses our JSON record, or a bare PID as written by msal-node-extensions' CrossPlatformLock. */
export function parseOwner(raw: string): LockOwner | undefined {
  const text = raw.trim();
  if (/^\d+$/.test(text)) return { pid: Number(text) };
  try {
    const value = JSON.parse(text) as Partial<LockOwner> | null;
    if (value && typeof value === "object" && Number.isInteger(value.pid) && (value.pid as number) > 0) {
      return value as LockOwner;
    }
  } catch {
    // Unparsable: being written right now, or a crash between create and write. Judged by age.
  }
  return undefined;
}

/** Reads the lockfile at `path`; undefined if there is none (or, on Windows, it is being deleted). */
export async function readLock(path: string): Promise<LockSnapshot | undefined> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "r");
  } catch (error) {
    if (isTransientAbsence(error)) return undefined;
    throw error;
  }
  try {
    // stat and read through one handle, so identity and contents describe the same file.
    const stats = await handle.stat({ bigint: true });
    const raw = await handle.readFile("utf8");
    return {
      raw,
      owner: parseOwner(raw),
      ageMs: Date.now() - Number(stats.mtimeMs),
      identity: `${stats.dev}:${stats.ino}:${stats.mtimeNs}:${raw}`,
    };
  } finally {
    await handle.close();
  }
}

/** Why the lock in `snapshot` is abandoned, or undefined if its owner may still be using it. */
export function staleReason(snapshot: LockSnapshot, rules: StalenessRules): string | undefined {
  const owner = snapshot.owner;
  if (!owner) {
    return snapshot.ageMs > UNREADABLE_STALE_MS
      ? `the lockfile has no owner record and is ${Math.round(snapshot.ageMs)} ms old`
      : undefined;
  }
  const sameHost = owner.host === undefined || owner.host === hostname();
  if (sameHost && owner.pid === process.pid) {
    const sameThread = (owner.tid ?? threadId) === threadId;
    if (sameThread && !(owner.nonce && rules.heldNonces.has(owner.nonce))) {
      // Our own PID, but not a lock we hold: an earlier process had this PID (containers reuse low PIDs).
      return `it names this process (${owner.pid}) but this process does not hold it`;
    }
  } else if (sameHost && !isProcessAlive(owner.pid)) {
    return `its owner, process ${owner.pid}, is no longer running`;
  }
  if (snapshot.ageMs > rules.staleMs) {
    return `its owner (process ${owner.pid} on ${owner.host ?? "this host"}) has not refreshed it for ${Math.round(snapshot.ageMs)} ms`;
  }
  return undefined;
}

/** True if a process with this PID exists (EPERM: it exists but belongs to someone else). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === "EPERM";
  }
}

/** Creates `path` only if it does not exist (O_CREAT|O_EXCL), owner-only, holding `contents`. */
export async function createExclusive(path: string, contents: string): Promise<void> {
  const handle = await open(path, "wx", 0o600);
  try {
    await handle.writeFile(contents, "utf8");
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(path).catch(() => undefined);
    throw error;
  }
  await handle.close();
}

/** Deletes `path` only if it still carries `nonce`; returns whether it did. */
export async function removeIfOwned(path: string, nonce: string): Promise<boolean> {
  let raw: string;
  try {
    raw = await readFile(path, "utf8");
  } catch (error) {
    if (isTransientAbsence(error)) return false;
    throw error;
  }
  if (parseOwner(raw)?.nonce !== nonce) return false;
  await unlink(path).catch((error: unknown) => {
    if (!isTransientAbsence(error)) throw error;
  });
  return true;
}

/**
 * Removes `path` only if it is still exactly the file seen in `observed`: renames it aside (atomic,
 * so nobody else can touch it there), verifies, and puts it back if it turned out to be a newer one.
 * Used for the short-lived `.break` file only, where a wrong guess needs a crash plus a race.
 */
export async function removeAsideIfUnchanged(path: string, observed: LockSnapshot): Promise<boolean> {
  const aside = `${path}.${newNonce()}.stale`;
  try {
    await rename(path, aside);
  } catch (error) {
    if (isTransientAbsence(error)) return false;
    throw error;
  }
  const moved = await readLock(aside);
  if (moved && moved.identity === observed.identity) {
    await unlink(aside).catch(() => undefined);
    return true;
  }
  // Not the file we judged stale: restore it unless a newer one already took its place.
  await link(aside, path).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
  return false;
}

/** The errno-style code of a Node error, if any. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** EEXIST: somebody holds it. On Windows a lockfile being deleted answers EPERM/EACCES/EBUSY for a moment. */
export function isContention(code: string | undefined): boolean {
  if (code === "EEXIST") return true;
  return process.platform === "win32" && (code === "EPERM" || code === "EACCES" || code === "EBUSY");
}

// Windows reports EPERM for a file whose deletion is pending (another process still has it open).
function isTransientAbsence(error: unknown): boolean {
  const code = errorCode(error);
  return code === "ENOENT" || (process.platform === "win32" && code === "EPERM");
}
