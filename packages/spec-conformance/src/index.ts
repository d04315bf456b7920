/** Spec conformance: the servers' curated operations checked against Microsoft's published specs. */

export type { SpecConformanceOptions } from "./spec-conformance-suite.js";
export { specConformanceSuite } from "./spec-conformance-suite.js";
export type { SpecSample, SpecSamples } from "./spec-sample.js";
export { specsLocation } from "./specs-dir.js";
