/** What the model sees: this server's tools/list, read-only, with writes and per preset (suite in test-support). */
import { createEntraMcpServer } from "@entra-mcp/server-kit";
import { toolsListSuite } from "@entra-mcp/test-support";
import { powerBiApi as api } from "../src/description.js";

toolsListSuite({
  name: api.name,
  createServer: (env) => createEntraMcpServer(api, { env }),
  reads: [
    "list_workspaces",
    "list_datasets",
    "list_reports",
    "execute_dax",
    "list_refreshes",
    "show_report",
    "get_embed_config",
  ],
  writes: ["refresh_dataset"],
  presets: {
    analyst: [
      "get_refresh_details",
      "list_dashboards",
      "list_tiles",
      "list_report_pages",
      "list_dataflows",
      "list_apps",
      "get_dataset_datasources",
      "get_refresh_schedule",
      "get_dataset_parameters",
    ],
    admin: [
      "list_workspace_users",
      "list_capacities",
      "list_gateways",
      "list_modified_workspaces",
      "scan_workspaces",
      "list_activity_events",
    ],
  },
  readme: new URL("../README.md", import.meta.url),
});
