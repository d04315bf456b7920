/** One sample call per curated operation, for the spec-conformance suite (spec-conformance.test.ts). */
import { SAMPLE } from "@entra-mcp/emulator";
import type { SpecSamples } from "@entra-mcp/spec-conformance";

const workspaceId = SAMPLE.workspaces.sales.id;
const notebook = SAMPLE.fabricItems.loadSalesNotebook.id;

export const samples: SpecSamples = {
  list_workspaces: { args: {} },
  list_items: { args: { workspaceId } },
  get_item: { args: { workspaceId, itemId: notebook } },
  run_item_job: {
    args: { workspaceId, itemId: notebook, jobType: "RunNotebook" },
    skipBody: "202 Accepted with no body (Location names the job instance)",
  },
  get_job_instance: {
    args: { workspaceId, itemId: notebook },
    // The seed has no job runs: start one and read its ID from the 202's Location.
    after: {
      tool: "run_item_job",
      pick: ({ headers }) => ({ jobInstanceId: headers.get("location")?.split("/").pop() }),
    },
  },
  list_lakehouse_tables: { args: { workspaceId, lakehouseId: SAMPLE.fabricItems.salesLakehouse.id } },
};
