/** What the model sees: this server's tools/list, read-only and with writes (suite in test-support). */
import { createEntraMcpServer } from "@entra-mcp/server-kit";
import { toolsListSuite } from "@entra-mcp/test-support";
import { powerPlatformApi as api } from "../src/description.js";

toolsListSuite({
  name: api.name,
  createServer: (env) => createEntraMcpServer(api, { env }),
  reads: [
    "list_environments",
    "get_environment",
    "dataverse_whoami",
    "dataverse_query",
    "get_record",
    "count_records",
    "list_tables",
    "list_columns",
    "list_flows",
    "list_flow_runs",
  ],
  writes: [],
  presets: {
    analyst: ["list_choices", "list_relationships", "list_saved_queries"],
    admin: [
      "list_apps",
      "list_solutions",
      "list_dataverse_users",
      "list_security_roles",
      "list_teams",
      "list_async_operations",
      "list_plugin_trace_logs",
    ],
  },
  readme: new URL("../README.md", import.meta.url),
});
