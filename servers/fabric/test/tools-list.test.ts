/** What the model sees: this server's tools/list, read-only and with writes (suite in test-support). */
import { createEntraMcpServer } from "@entra-mcp/server-kit";
import { toolsListSuite } from "@entra-mcp/test-support";
import { fabricApi as api } from "../src/description.js";

toolsListSuite({
  name: api.name,
  createServer: (env) => createEntraMcpServer(api, { env }),
  reads: ["list_workspaces", "list_items", "get_item", "get_job_instance", "list_lakehouse_tables"],
  writes: ["run_item_job"],
});
