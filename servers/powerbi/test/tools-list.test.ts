/** What the model sees: this server's tools/list, read-only and with writes (suite in test-support). */
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
});
