/** Spec conformance: the servers' curated operations checked against Microsoft's published specs. */
export type { SpecSample, SpecSamples } from "./spec-sample.js";
