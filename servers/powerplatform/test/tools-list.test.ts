/** What the model sees: this server's tools/list, read-only and with writes (suite in test-support). */
import { createEntraMcpServer } from "@entra-mcp/server-kit";
import { toolsListSuite } from "@entra-mcp/test-support";
import { powerPlatformApi as api } from "../src/description.js";

toolsListSuite({
  name: api.name,
  createServer: (env) => createEntraMcpServer(api, { env }),
  reads: ["list_environments", "dataverse_whoami", "dataverse_query", "list_tables", "list_flows"],
  writes: [],
});
