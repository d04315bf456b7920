/**
 * Gives memory back once a server goes quiet. V8 keeps the heap it grew under load (its memory
 * reducer does not run in a Node process that sits waiting on stdin), so after a burst of calls RSS
 * stayed up for as long as the server lived. When no message has come or gone for IDLE_MS, one
 * memory-reducing full GC runs (V8's "last resort" collection: compacts and releases free pages),
 * once per quiet period. It pauses the process for ~50-200 ms, only when nothing is happening; a
 * message arriving during it waits that long. `gc` is not exposed by default: it is turned on with
 * v8.setFlagsFromString (Node's documented way to set V8 flags at run time) and taken from a new
 * context, which is where V8 installs it. That happens at the first collection, not at start: a new
 * context costs ~1 ms of a fresh process's start, and node:vm is not otherwise loaded.
 */
import { setFlagsFromString } from "node:v8";

const IDLE_MS = 2000;

export type Collect = (options: { type: "major"; execution: "sync"; flavor: "last-resort" }) => void;

export interface IdleCollector {
  /** A message came or went: the quiet period starts again. */
  touch(): void;
  stop(): void;
}

/** `collect` defaults to V8's gc (exposed at the first collection); tests pass their own. */
export function idleCollector(idleMs = IDLE_MS, collect?: Collect): IdleCollector {
  let timer: NodeJS.Timeout | undefined;
  let busy = false;
  const run = () => {
    timer = undefined;
    if (!busy) return;
    busy = false;
    collect ??= exposedGc();
    collect?.({ type: "major", execution: "sync", flavor: "last-resort" });
  };
  return {
    touch() {
      busy = true;
      if (timer) timer.refresh();
      else timer = setTimeout(run, idleMs).unref();
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}

let taken: Collect | undefined;

/** V8's gc, exposed once per process (heap-sizing.ts and the idle collector share it). */
export function exposedGc(): Collect | undefined {
  const existing = (globalThis as { gc?: unknown }).gc;
  if (typeof existing === "function") return existing as Collect;
  if (taken) return taken;
  try {
    setFlagsFromString("--expose-gc");
    const gc = process.getBuiltinModule("node:vm").runInNewContext("gc") as unknown;
    if (typeof gc === "function") taken = gc as Collect;
    return taken;
  } catch {
    return undefined;
  }
}
