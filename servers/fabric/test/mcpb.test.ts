/** The Claude Desktop bundle, unpacked and run as the host runs it (suite in test-support). */
import { fileURLToPath } from "node:url";
import { mcpbBundleSuite } from "@entra-mcp/test-support";

mcpbBundleSuite({
  bundle: fileURLToPath(new URL("../dist/entra-mcp-fabric.mcpb", import.meta.url)),
  settings: ["tenant_id", "client_id", "auth_mode", "keyvault_url", "cert_name", "allow_writes"],
  call: { name: "list_workspaces", arguments: {}, expect: () => "Sales Analytics" },
});
