/** One sample call per curated operation, for the spec-conformance suite (spec-conformance.test.ts). */
import { FABRIC_SAMPLE, SAMPLE } from "@entra-mcp/emulator";
import type { SpecSamples } from "@entra-mcp/spec-conformance";

const workspaceId = SAMPLE.workspaces.sales.id;
const notebook = SAMPLE.fabricItems.loadSalesNotebook.id;
const lakehouseId = SAMPLE.fabricItems.salesLakehouse.id;
/** The job instance a run's 202 names in its Location. */
const startedJob = {
  tool: "run_item_job",
  pick: ({ headers }: { headers: Headers }) => ({ jobInstanceId: headers.get("location")?.split("/").pop() }),
};

export const samples: SpecSamples = {
  list_workspaces: { args: {} },
  get_workspace: { args: { workspaceId } },
  list_workspace_role_assignments: { args: { workspaceId } },
  list_items: { args: { workspaceId } },
  get_item: { args: { workspaceId, itemId: notebook } },
  run_item_job: {
    args: { workspaceId, itemId: notebook, jobType: "RunNotebook" },
    branches: [{ parameters: [{ name: "region", type: "String", value: "West" }] }],
    skipBody: "202 Accepted with no body (Location names the job instance)",
  },
  get_job_instance: {
    args: { workspaceId, itemId: notebook },
    // The seed's history is on Nightly Ingest: start a run here and read its ID from the 202's Location.
    after: startedJob,
  },
  list_job_instances: { args: { workspaceId, itemId: SAMPLE.fabricItems.nightlyIngest.id } },
  cancel_job_instance: {
    // The seed's run in progress (run_item_job's own run is read, so finished, by get_job_instance's check).
    args: {
      workspaceId,
      itemId: SAMPLE.fabricItems.nightlyIngest.id,
      jobInstanceId: FABRIC_SAMPLE.jobHistory.running,
    },
    skipBody: "202 Accepted with no body (Location names the job instance)",
  },
  list_job_schedules: {
    args: { workspaceId, itemId: SAMPLE.fabricItems.nightlyIngest.id, jobType: "Pipeline" },
  },
  get_lakehouse: { args: { workspaceId, lakehouseId } },
  list_lakehouse_tables: { args: { workspaceId, lakehouseId } },
  list_shortcuts: { args: { workspaceId, itemId: lakehouseId } },
  list_capacities: { args: {} },
  list_connections: { args: {} },
  get_item_definition: {
    args: { workspaceId, itemId: notebook },
    skipBody: "202 Accepted with no body (x-ms-operation-id and Location name the operation)",
  },
  get_git_status: {
    args: { workspaceId },
    skipBody: "202 Accepted with no body (x-ms-operation-id and Location name the operation)",
  },
  admin_list_workspaces: { args: {} },
  admin_list_items: { args: { workspaceId } },
};
