/** How the spec suite calls one curated operation against the emulator's default seed. */
export interface SpecSample {
  /** Tool arguments (as a model would send them) that succeed against the emulator's default seed. */
  args: Record<string, unknown>;
  /** Auth mode of the call; default the operation's `mode`, else "app". */
  mode?: "app" | "delegated";
  /** Why the response body is not checked against the spec (e.g. "202 with no body"); omit to check it. */
  skipBody?: string;
}

/** Per tool name: the sample call. The suite fails for a curated operation without one. */
export type SpecSamples = Record<string, SpecSample>;
