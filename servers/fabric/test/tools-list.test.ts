/** What the model sees: this server's tools/list, read-only and with writes (suite in test-support). */
import { createEntraMcpServer } from "@entra-mcp/server-kit";
import { toolsListSuite } from "@entra-mcp/test-support";
import { fabricApi as api } from "../src/description.js";

toolsListSuite({
  name: api.name,
  createServer: (env) => createEntraMcpServer(api, { env }),
  reads: [
    "list_workspaces",
    "get_workspace",
    "list_items",
    "get_item",
    "get_job_instance",
    "list_job_instances",
    "list_job_schedules",
    "get_lakehouse",
    "list_lakehouse_tables",
    "list_shortcuts",
    "list_connections",
  ],
  writes: ["run_item_job", "cancel_job_instance"],
  presets: {
    developer: ["get_item_definition", "get_git_status"],
    admin: [
      "list_workspace_role_assignments",
      "list_capacities",
      "admin_list_workspaces",
      "admin_list_items",
    ],
  },
  readme: new URL("../README.md", import.meta.url),
});
