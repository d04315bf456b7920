/** One sample call per curated operation, for the spec-conformance suite (spec-conformance.test.ts). */
import type { SpecSamples } from "@entra-mcp/spec-conformance";

export const samples: SpecSamples = {
  // One entry per operation in src/description.ts, e.g.
  // list_things: { args: { top: 5 } },
};
