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
 * ENTRA_MCP_V8_FLAGS=off leaves V8's own sizing (the bench's baseline).
 */
import { setFlagsFromString } from "node:v8";
import { exposedGc } from "./idle-collect.js";

export const HEAP_FLAGS = ["--semi-space-growth-factor=1", "--optimize-for-size"] as const;
/** Set to "off" to run with V8's own heap sizing. */
export const HEAP_FLAGS_ENV = "ENTRA_MCP_V8_FLAGS";
/** Long enough for the first token and the first result after the auth libraries have loaded. */
const SETTLE_MS = 1000;

let scheduled = false;

/**
 * Sets HEAP_FLAGS `settleMs` after `startUpDone` resolves, then shrinks the heap once;
 * once per process, never with ENTRA_MCP_V8_FLAGS=off. The timer does not keep the process alive.
 */
export function sizeHeapAfterStartUp(
  startUpDone: Promise<unknown>,
  env: NodeJS.ProcessEnv = process.env,
  settleMs = SETTLE_MS,
): void {
  if (scheduled || env[HEAP_FLAGS_ENV]?.trim().toLowerCase() === "off") return;
  scheduled = true;
  const size = () => {
    setFlagsFromString(HEAP_FLAGS.join(" "));
    exposedGc()?.({ type: "major", execution: "sync", flavor: "last-resort" });
  };
  void startUpDone.then(() => setTimeout(size, settleMs).unref());
}
