/** Resident set size of another process, from /proc (Linux) — the figure the OS charges it. */
import { readFileSync } from "node:fs";

/** RSS of `pid` in MB, or NaN where /proc is not available. */
export function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]);
    return kb / 1024;
  } catch {
    return Number.NaN;
  }
}
