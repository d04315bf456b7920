/** One sample call per curated operation, for the spec-conformance suite (spec-conformance.test.ts). */
import { POWER_BI_SAMPLE, SAMPLE } from "@entra-mcp/emulator";
import type { SpecSamples } from "@entra-mcp/spec-conformance";

const workspaceId = SAMPLE.workspaces.sales.id;
const datasetId = SAMPLE.datasets.salesModel.id;
// The seed logs the two whole days before it ran: two days ago (UTC) is always complete.
const fullDay = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);

export const samples: SpecSamples = {
  list_workspaces: { args: { top: 10 } },
  list_datasets: { args: { workspaceId } },
  list_reports: { args: { workspaceId } },
  execute_dax: { args: { workspaceId, datasetId, query: "EVALUATE TOPN(3, 'Sales')" } },
  refresh_dataset: {
    args: { workspaceId, datasetId, tables: ["Sales"] },
    branches: [{ workspaceId, datasetId, notifyOption: "NoNotification" }],
    skipBody: "202 Accepted with no body",
  },
  list_refreshes: { args: { workspaceId, datasetId, top: 5 } },
  get_refresh_details: {
    args: { workspaceId, datasetId },
    // An enhanced refresh's 202 names its refreshId in x-ms-request-id.
    after: {
      tool: "refresh_dataset",
      pick: (response) => ({ refreshId: response.headers.get("x-ms-request-id") ?? "" }),
    },
  },
  list_dashboards: { args: { workspaceId } },
  list_tiles: { args: { workspaceId, dashboardId: POWER_BI_SAMPLE.dashboards.salesPulse.id } },
  list_report_pages: { args: { workspaceId, reportId: SAMPLE.reports.salesOverview.id } },
  list_workspace_users: { args: { workspaceId, top: 10 } },
  list_dataflows: { args: { workspaceId } },
  list_apps: { args: {}, mode: "delegated" },
  get_dataset_datasources: { args: { workspaceId, datasetId } },
  get_refresh_schedule: { args: { workspaceId, datasetId } },
  get_dataset_parameters: { args: { workspaceId, datasetId } },
  list_capacities: { args: {} },
  list_gateways: { args: {} },
  list_modified_workspaces: {
    args: { excludePersonalWorkspaces: true },
    branches: [{ modifiedSince: new Date(Date.now() - 86_400_000).toISOString() }],
  },
  scan_workspaces: {
    args: {
      workspaceIds: [workspaceId],
      datasetSchema: true,
      datasourceDetails: true,
      lineage: true,
      getArtifactUsers: true,
    },
  },
  list_activity_events: {
    args: {
      start: `${fullDay}T00:00:00Z`,
      end: `${fullDay}T23:59:59Z`,
      activity: "ViewReport",
      userId: "{{user.upn}}",
    },
    skipBody:
      "the swagger (2024) predates lastResultSet, which the REST reference documents and the service sends on every page; activityEventEntities are untyped there",
  },
};
