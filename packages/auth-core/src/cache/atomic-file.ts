/**
 * File helpers for the cache directory: owner-only directory, atomic replace (temp file + rename,
 * so readers see the old or the new cache, never half of one) and move-aside for corrupt files.
 */
import { randomBytes } from "node:crypto";
import { chmod, mkdir, open, rename, stat, unlink } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { asideSuffix } from "./cache-storage.js";
import { errorCode } from "./lock-file.js";

const POSIX = process.platform !== "win32";

/** Creates `dir` (and parents) owner-only; tightens it to 0700 only if this call created it. */
export async function ensureCacheDir(dir: string): Promise<void> {
  const created = await mkdir(dir, { recursive: true, mode: 0o700 });
  // mkdir's mode is filtered by the umask; make it exact. An existing, user-chosen directory
  // (ENTRA_MCP_CACHE_DIR=~) is left alone: the cache files themselves are 0600.
  if (created !== undefined && POSIX) await chmod(dir, 0o700);
}

/** A temp-file name next to `path`, unique per process and call. */
export function tempPathFor(path: string): string {
  return `${path}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
}

/** Writes `data` to a 0600 temp file beside `path`, flushes it, then renames it over `path`. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temp = tempPathFor(path);
  try {
    const handle = await open(temp, "wx", 0o600);
    try {
      await handle.writeFile(data);
      // Durable before it becomes visible: a power cut must not leave an empty cache in place.
      await handle.datasync();
    } finally {
      await handle.close();
    }
    if (POSIX) await chmod(temp, 0o600);
    await renameOver(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/** Renames `path` to `<path>.corrupt-<timestamp>` and returns the new name. */
export async function moveAside(path: string): Promise<string> {
  const aside = `${path}.${asideSuffix()}`;
  await rename(path, aside);
  return aside;
}

/** Sets `path` to 0600 if it grants group/other access (e.g. copied in by hand); true if changed. */
export async function tightenFileMode(path: string): Promise<boolean> {
  if (!POSIX) return false;
  try {
    const { mode } = await stat(path);
    if ((mode & 0o077) === 0) return false;
    await chmod(path, 0o600);
    return true;
  } catch (error) {
    if (errorCode(error) === "ENOENT") return false;
    throw error;
  }
}

/**
 * Renames `from` over `to`; on Windows retries briefly, since antivirus or an indexer can hold
 * the target for a moment (EPERM/EACCES/EBUSY).
 */
export async function renameOver(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (error) {
      const code = errorCode(error);
      const transient = !POSIX && (code === "EPERM" || code === "EACCES" || code === "EBUSY");
      if (!transient || attempt >= 10) throw error;
      await sleep(20 * (attempt + 1));
    }
  }
}
