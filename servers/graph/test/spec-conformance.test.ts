/** Every curated operation checked against Microsoft's published specs (skipped when they are absent). */
import { specConformanceSuite } from "@entra-mcp/spec-conformance";
import { graphApi } from "../src/description.js";
import { samples } from "./spec-samples.js";

specConformanceSuite({ description: graphApi, samples });
