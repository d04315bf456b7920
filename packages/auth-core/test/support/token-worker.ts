/**
 * A stand-in for one MCP server process: loads the config from its environment, asks auth-core for a
 * token per scope given on the command line, and prints one JSON line with the tokens' SHA-256 (never
 * a token). Run with plain `node` (Node 24 strips the types); imports the built package.
 */
import { createHash } from "node:crypto";
import { createAuth, loadAuthConfig } from "@entra-mcp/auth-core";

const auth = createAuth(loadAuthConfig());
const results = [];
for (const scope of process.argv.slice(2)) {
  const token = await auth.getToken([scope]);
  results.push({
    scope,
    sha256: createHash("sha256").update(token.accessToken).digest("hex"),
    expiresOn: token.expiresOn.toISOString(),
  });
}
const status = await auth.status();
process.stdout.write(`${JSON.stringify({ results, cache: status.cache })}\n`);
