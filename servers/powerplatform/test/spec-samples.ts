/** One sample call per curated operation, for the spec-conformance suite (spec-conformance.test.ts). */
import type { SpecSamples } from "@entra-mcp/spec-conformance";

// Power Platform admin and Dataverse publish no spec file: the suite reports these as not covered,
// but every tool still has its sample (the emulator's per-run Dataverse URL is filled in).
const environment = "{{urls.dataverse}}";

export const samples: SpecSamples = {
  list_environments: { args: {} },
  dataverse_whoami: { args: { environment } },
  dataverse_query: { args: { environment, entitySet: "accounts", top: 5 } },
  list_tables: { args: { environment } },
  list_flows: { args: { environment, top: 5 } },
};
