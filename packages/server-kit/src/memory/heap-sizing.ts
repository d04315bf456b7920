/**
 * V8 heap sizing for a long-lived server, applied once start-up is over.
 *
 * V8 sizes a heap's young generation from the machine's memory, and on a big machine a server's grew
 * to 2 x 64 MB semi-spaces under load: RSS rose by ~150 MB over 5,000 calls and stayed there, though
 * the live heap after a GC was flat (pnpm bench, memory). `--semi-space-growth-factor=1` keeps the
 * young generation at the size it has, and `--optimize-for-size` keeps the old generation from growing
 * far past what is live. V8 reads both when it sizes the heap after a GC, so setting them at run time
 * (v8.setFlagsFromString) works.
 *
 * Why not at process start (the launcher did that): start-up allocates a lot of short-lived objects
 * (the bundle, then on the first call the auth libraries and the first token), and with the young
 * generation held at its first 1 MB those cost ~40-70 ms of scavenges in the first tool result of a
 * fresh process (pnpm bench, first-token). So the flags are set SETTLE_MS after the auth libraries
 * have loaded, which happens inside the first call that needs a token (at start in hosted mode).
 *
 * By then start-up has grown the young generation to ~17 MB, and `--semi-space-growth-factor=1`
 * holds it there: under a steady stream of calls its pages all get touched and RSS still rose ~30 MB
 * over 5,000 calls. So right after setting the flags one memory-reducing GC runs (the idle
 * collector's: idle-collect.ts), which shrinks the young generation to its 1 MB minimum and the old
 * generation to what is live; the flags then keep both small. It pauses the process once, ~30 ms
 * (pnpm bench, memory: growth +8 to +11 MB with it, +28 to +36 MB without).
 *
 * Hosted mode allocates more per request (a fresh MCP server, the web Request and Response of each
 * HTTP exchange): with a 1 MB young generation its scavenges cost ~0.35 ms of CPU per tool call,
 * about a fifth of the server's share (its CPU time over 2,000 warm calls: 1.62 ms a call, against
 * 1.24-1.29 with V8's own sizing or a 4-8 MB semi-space). An HTTP server instead holds its young
 * generation at the size start-up left it (~34 MB), or, if that is below HOSTED_YOUNG_MB, once it has
 * grown to that; it costs no more CPU than V8's own sizing, and it still cannot grow to 2 x 64 MB.
 * Its old generation keeps V8's sizing.
 * ENTRA_MCP_V8_FLAGS=off leaves V8's own sizing (the bench's baseline).
 */
import { getHeapSpaceStatistics, setFlagsFromString } from "node:v8";
import { exposedGc } from "./idle-collect.js";

const HOLD_YOUNG = "--semi-space-growth-factor=1";
const OLD_NEAR_LIVE = "--optimize-for-size";
/** Set to "off" to run with V8's own heap sizing. */
export const HEAP_FLAGS_ENV = "ENTRA_MCP_V8_FLAGS";
/** Long enough for the first token and the first result after the auth libraries have loaded. */
const SETTLE_MS = 1000;
/** The least young generation an HTTP server holds: 2 x 4 MB semi-spaces. */
export const HOSTED_YOUNG_MB = 8;

export interface HeapSizingOptions {
  env?: NodeJS.ProcessEnv;
  settleMs?: number;
  /** Hold the young generation at no less than this; unset shrinks it and holds it at its minimum. */
  youngGenerationMb?: number;
}

let scheduled = false;

/**
 * SETTLE_MS after `startUpDone` resolves: sets the flags, shrinks the heap once and holds the young
 * generation at its minimum; with `youngGenerationMb`, only holds the young generation (at least that
 * large). Once per process, never with ENTRA_MCP_V8_FLAGS=off. Neither the timer nor the GC watch
 * keeps the process alive.
 */
export function sizeHeapAfterStartUp(startUpDone: Promise<unknown>, options: HeapSizingOptions = {}): void {
  const { env = process.env, settleMs = SETTLE_MS, youngGenerationMb } = options;
  if (scheduled || env[HEAP_FLAGS_ENV]?.trim().toLowerCase() === "off") return;
  scheduled = true;
  const size = () => {
    if (youngGenerationMb !== undefined) {
      holdYoungGenerationAtLeast(youngGenerationMb);
      return;
    }
    setFlagsFromString(`${HOLD_YOUNG} ${OLD_NEAR_LIVE}`);
    exposedGc()?.({ type: "major", execution: "sync", flavor: "last-resort" });
  };
  void startUpDone.then(() => setTimeout(size, settleMs).unref());
}

/**
 * Holds the young generation at the size it has, or, while it is smaller than `mb`, after the first
 * GC that finds it at least that large (at most one doubling past it).
 */
function holdYoungGenerationAtLeast(mb: number): void {
  const grown = () => youngGenerationBytes() >= mb * 1024 * 1024;
  if (grown()) {
    setFlagsFromString(HOLD_YOUNG);
    return;
  }
  // Taken here, not imported at the top: only an HTTP server watches its GCs, and a stdio server's
  // start-up stays free of the module.
  const { PerformanceObserver } = process.getBuiltinModule("node:perf_hooks");
  const observer = new PerformanceObserver(() => {
    if (!grown()) return;
    setFlagsFromString(HOLD_YOUNG);
    observer.disconnect();
  });
  observer.observe({ entryTypes: ["gc"] });
}

function youngGenerationBytes(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === "new_space")?.space_size ?? 0;
}
