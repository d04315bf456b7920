/** One sample call per curated operation, for the spec-conformance suite (spec-conformance.test.ts). */
import { SAMPLE } from "@entra-mcp/emulator";
import type { SpecSamples } from "@entra-mcp/spec-conformance";

const workspaceId = SAMPLE.workspaces.sales.id;
const datasetId = SAMPLE.datasets.salesModel.id;

export const samples: SpecSamples = {
  list_workspaces: { args: { top: 10 } },
  list_datasets: { args: { workspaceId } },
  list_reports: { args: { workspaceId } },
  execute_dax: { args: { workspaceId, datasetId, query: "EVALUATE TOPN(3, 'Sales')" } },
  refresh_dataset: { args: { workspaceId, datasetId }, skipBody: "202 Accepted with no body" },
  list_refreshes: { args: { workspaceId, datasetId, top: 5 } },
};
