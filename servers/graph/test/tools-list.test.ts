/** What the model sees: this server's tools/list, read-only and with writes (suite in test-support). */
import { createEntraMcpServer } from "@entra-mcp/server-kit";
import { toolsListSuite } from "@entra-mcp/test-support";
import { graphApi as api } from "../src/description.js";

toolsListSuite({
  name: api.name,
  createServer: (env) => createEntraMcpServer(api, { env }),
  reads: [
    "get_me",
    "list_users",
    "get_user",
    "list_groups",
    "list_group_members",
    "list_applications",
    "list_sign_ins",
    "list_messages",
  ],
  writes: ["send_mail"],
});
